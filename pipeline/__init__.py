"""council-pipeline: German council records (scans, PDFs, text) → structured, trackable records.

Stages, each a module: ingest (+ ocr, layout) → correct → extract → store.
`pipeline.process.process(path)` runs one file through them and returns a `Document`.
"""

__version__ = "0.1.0"
