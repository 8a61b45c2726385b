"""PyMuPDF: reading, checking and rendering PDFs. No Qt here."""
