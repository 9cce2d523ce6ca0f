"""File formats beyond plain text: archives, compression, columnar data, office documents and PDF (one file each)."""
