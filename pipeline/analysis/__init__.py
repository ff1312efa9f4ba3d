"""The analysts' side: queries, word-form search, provenance, exports and the web view over the
store, with OParl as the adapter at its edge. Nothing here runs during `process()`."""
