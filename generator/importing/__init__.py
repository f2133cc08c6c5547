"""`disclosure import`: a published report (PDF, Word, web page or text) read into a draft
report file for an editor to review. documents.py reads the file, cleaning.py removes the
noise of extraction, recognise.py finds what the schema holds, draft.py writes the YAML."""
