"""What the reader accepts, in one place: the README's "Limits and bad input" section states the same figures.

Every limit is checked before the expensive step it protects, and a file beyond one is refused with one sentence.
"""

#: The file as uploaded or named on the command line.
MAX_FILE_BYTES = 200 * 1024**2
#: Data rows in one sheet: 1,000 communities × 10 years × 54 indicators fit with room to spare.
MAX_ROWS = 1_000_000
#: A spreadsheet is a zip archive: how many parts, how large once unpacked, and how tightly packed any part may be.
MAX_ARCHIVE_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 2 * 1024**3
#: A part may unpack to this many times its packed size only while it is small; real sheets pack ~10-40×.
MAX_PACKING_RATIO = 200
RATIO_CHECKED_ABOVE = 64 * 1024**2
#: The archive parts the reader itself parses (styles, workbook, sheet XML scanned for formats) are read up to this.
MAX_PART_BYTES = 1024**3
#: Where the header row may be: below a title block of at most this many rows.
HEADER_SEARCH_ROWS = 25
#: One read runs in a child process (`guard.py`): the resident memory and the time it may take. A 1,000,000-row CSV
#: needs about 0.85 GB and 8 s on a 2-core machine.
READ_MEMORY_BYTES = 3 * 1024**3 // 2
READ_SECONDS = 120
#: Files read at once by one process (the app's server); the others wait their turn, so ten people uploading large
#: files together hold at most this many children's memory, not ten.
READS_AT_ONCE = 2
#: The child's address space, a hard stop behind the resident-memory watch (native readers reserve far more address
#: space than they touch: 1.5 GB reserved for a 54,000-row workbook that uses 0.3 GB).
READ_ADDRESS_SPACE_BYTES = 8 * 1024**3
