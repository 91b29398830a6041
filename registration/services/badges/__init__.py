"""Badge PDFs: QR codes, card layout, the bulk print file and the e-badges."""
