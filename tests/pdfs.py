"""Hand-built PDFs for the upload check: a hostile object hidden the ways a real file can hide
it (an object stream behind each filter qpdf knows, an incremental update), written byte by
byte so that no library tidies them up first."""
import base64
import zlib

CATALOG = b"<</Type/Catalog/Pages 2 0 R/OpenAction 5 0 R>>"
PAGES = b"<</Type/Pages/Kids[3 0 R]/Count 1>>"
PAGE = b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>"
JAVASCRIPT = b"<</S/JavaScript/JS(app.alert(1))>>"


def lzw(data: bytes) -> bytes:
    """LZWDecode's encoding (9-bit codes are enough for a payload this short)."""
    table, code, word, codes = {bytes([i]): i for i in range(256)}, 258, b"", [256]
    for byte in data:
        longer = word + bytes([byte])
        if longer in table:
            word = longer
            continue
        codes.append(table[word])
        table[longer], code, word = code, code + 1, bytes([byte])
    assert code < 511, "longer payloads need wider codes"
    bits = "".join(f"{c:09b}" for c in codes + [table[word], 257])
    bits += "0" * (-len(bits) % 8)
    return int(bits, 2).to_bytes(len(bits) // 8, "big")


def run_length(data: bytes) -> bytes:
    chunks = [data[i:i + 128] for i in range(0, len(data), 128)]
    return b"".join(bytes([len(c) - 1]) + c for c in chunks) + b"\x80"


FILTERS = {
    "FlateDecode": zlib.compress,
    "LZWDecode": lzw,
    "ASCIIHexDecode": lambda data: data.hex().encode() + b">",
    "ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
    "RunLengthDecode": run_length,
}


def _xref_stream(offsets: dict[int, tuple[int, int, int]], number: int, at: int) -> bytes:
    """A cross-reference stream (W [1 4 2]) for objects 0..number, itself the last."""
    rows = [(0, 0, 65535)] + [offsets[n] for n in range(1, number)] + [(1, at, 0)]
    body = b"".join(t.to_bytes(1, "big") + a.to_bytes(4, "big") + b.to_bytes(2, "big") for t, a, b in rows)
    return (b"%d 0 obj<</Type/XRef/Size %d/W[1 4 2]/Root 1 0 R/Length %d>>stream\n"
            % (number, number + 1, len(body)) + body + b"\nendstream endobj\n")


def in_object_stream(hidden: bytes = JAVASCRIPT, filter_name: str = "FlateDecode") -> bytes:
    """A one-page PDF whose object 5 (the catalogue's OpenAction) sits in an object stream
    encoded with `filter_name`, found through a cross-reference stream."""
    out, offsets = bytearray(b"%PDF-1.7\n"), {}
    for n, body in ((1, CATALOG), (2, PAGES), (3, PAGE)):
        offsets[n] = (1, len(out), 0)
        out += b"%d 0 obj%s endobj\n" % (n, body)
    packed = b"5 0 " + hidden
    encoded = FILTERS[filter_name](packed)
    offsets[4] = (1, len(out), 0)
    out += (b"4 0 obj<</Type/ObjStm/N 1/First 4/Filter/%s/Length %d>>stream\n"
            % (filter_name.encode(), len(encoded)) + encoded + b"\nendstream endobj\n")
    offsets[5] = (2, 4, 0)
    at = len(out)
    out += _xref_stream(offsets, 6, at)
    return bytes(out + b"startxref\n%d\n%%%%EOF\n" % at)


def classic(objects: dict[int, bytes], root: int = 1, previous: bytes = b"") -> bytes:
    """A PDF with a classic cross-reference table; after `previous`, an incremental update."""
    out = bytearray(previous or b"%PDF-1.7\n")
    offsets = {}
    for n, body in objects.items():
        offsets[n] = len(out)
        out += b"%d 0 obj%s endobj\n" % (n, body)
    at = len(out)
    out += b"xref\n"
    for n, offset in offsets.items():
        out += b"%d 1\n%010d 00000 n \n" % (n, offset)
    prev = b"/Prev %d" % int(previous.rsplit(b"startxref\n", 1)[1].split()[0]) if previous else b""
    out += b"trailer<</Size %d/Root %d 0 R%s>>\nstartxref\n%d\n%%%%EOF\n" % (max(offsets) + 1, root, prev, at)
    return bytes(out)


def plain(extra: bytes = b"") -> bytes:
    """A clean one-page PDF; `extra` goes into the page dictionary."""
    return classic({1: b"<</Type/Catalog/Pages 2 0 R>>", 2: PAGES,
                    3: PAGE[:-2] + extra + b">>"})
