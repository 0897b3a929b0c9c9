"""The files the importer reads, by name ending: a module of its own so that the window can ask
whether a file given at start-up is one to import without loading the readers (their HTML
parser, zip and text-decoding modules cost ~8 ms before the window is on screen; issue 17)."""

from __future__ import annotations

# File name ending (lower case) → the reader that handles it.
SOURCE_KINDS: dict[str, str] = {
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
}
