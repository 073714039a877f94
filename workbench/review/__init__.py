"""Stage 5, review: the Textual app (documents, segments, alignment, statistics screens).

`actions` is what the screens run in workers, through the store's parts (never SQL); `served`
and `web` serve the same app to browsers, behind `passwords`' accounts. Only the CLI and the
benchmarks import it.
"""
