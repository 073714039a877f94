"""Stage 4, align: two documents' sentences in, n:m beads out.

`aligner` is the algorithm (length, anchors, a learned lexicon and a path search over
`model`'s bead types); `stage` reads the documents and stores the beads.
"""
