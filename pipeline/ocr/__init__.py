"""OCR: tesseract on page images, the page geometry and segmentation choice, text-quality
measures and the layout clean-up (running headers, line-end hyphens).

Two stages live here: `pages.run` (the OCR stage proper, timed as "ocr") and `layout.run`
(timed as "layout", for every page whatever its source).
"""
