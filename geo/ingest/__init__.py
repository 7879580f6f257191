"""Stage 1, articles and settings in: article files (front matter, encodings, page
debris), ``places.yaml``, and the review and lock files. Text in, records out."""
