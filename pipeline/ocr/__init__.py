"""OCR: tesseract on page images, the page geometry and segmentation choice, text-quality
measures and the layout clean-up (running headers, line-end hyphens)."""
