"""The 政务公开办's review desk: check a whole folder of units' reports in one go (issue 19).

Pure Python, no Qt: ``collect`` reads the folder (``.nianbao`` and published sources through the
importer, in memory), pairs units with last year's reports and with a roster, ``rules`` holds the
review rules (R24 onward), ``workbook`` and ``letters`` write the results.
"""
