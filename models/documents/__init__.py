"""Documents the bot hands out: the one formula guard every export uses (``safe``), the
layout of an official Word document (``word``: ГОСТ Р 7.0.97-2016 as the guide) and of a
printable spreadsheet (``sheets``: landscape, repeated headers, wrapped cells)."""

from models.documents.safe import neutralise, neutralise_row

__all__ = ["neutralise", "neutralise_row"]
