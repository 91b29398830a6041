"""QR codes of badge payloads: an SVG path for PDFs and pages, a PNG for emails."""

import io

QR_BORDER = 2  # modules of white inside the SVG; the card adds more white around it


def qr_matrix(payload: str) -> list[list[bool]]:
    """The QR modules (error correction M, no border) of `payload`."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def qr_rectangles(matrix: list[list[bool]]) -> list[tuple[int, int, int, int]]:
    """Cover the dark modules with few rectangles (x, y, width, height).

    Each row's dark runs become rectangles, and a run repeated in the next row extends the
    rectangle downwards. A path of ~120 rectangles instead of ~330 squares makes the QR several
    times cheaper for WeasyPrint to parse and draw, and the PDF smaller.
    """
    rectangles = []
    open_runs: dict[tuple[int, int], int] = {}
    for y, row in enumerate(matrix):
        runs = []
        x, width = 0, len(row)
        while x < width:
            if row[x]:
                start = x
                while x < width and row[x]:
                    x += 1
                runs.append((start, x))
            x += 1
        continued = {run: open_runs.pop(run, y) for run in runs}
        rectangles.extend((x0, y0, x1 - x0, y - y0) for (x0, x1), y0 in open_runs.items())
        open_runs = continued
    rectangles.extend((x0, y0, x1 - x0, len(matrix) - y0) for (x0, x1), y0 in open_runs.items())
    return rectangles


def qr_svg(payload: str) -> str:
    """The QR as one SVG path in module units, scaled by the box that holds it."""
    matrix = qr_matrix(payload)
    size = len(matrix) + 2 * QR_BORDER
    path = "".join(
        f"M{x + QR_BORDER} {y + QR_BORDER}h{w}v{h}h-{w}z" for x, y, w, h in qr_rectangles(matrix)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges"><path fill="#000000" d="{path}"/></svg>'
    )


def qr_png(payload: str, *, box_size: int = 8) -> bytes:
    import qrcode

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=4
    )
    code.add_data(payload)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
