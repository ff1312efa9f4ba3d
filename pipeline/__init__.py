"""council-pipeline: German council records (scans, PDFs, text) → structured, trackable records.

Stages, each a package: ingest → ocr (OCR, layout) → correct → extract; then the store.
`pipeline.process.process(path)` runs one file through them and returns a `Document`;
the analysts' side (pipeline.analysis) reads the store. Map: docs/architecture.md.
"""

__version__ = "0.1.0"
