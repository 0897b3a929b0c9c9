"""The 申请台账 (applications) and 复议/诉讼 case list of a report, and what derives from them.

``model`` holds the data, ``derive`` computes tables 三 and 四, ``sync`` writes derived cells into
a report, ``checks`` holds R22/R23, ``workdays`` the reply deadlines, ``io`` the spreadsheet
import and export. No Qt anywhere here.
"""
