"""The MMP reader on files that are not what they claim: other encodings, huge fields, lying zips.

Each either reads (with a notice when it had to guess) or fails with an ``MmpFormatError``
that names what is wrong, never with a raw decoding, CSV or archive exception.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from waypost.formats.mmp import MAX_FIELD_CHARACTERS, MmpFormatError, read_mmp

HEADER = (
    "Main ID,Incident ID,Region of Incident,Incident Date,Number of Dead,"
    "Minimum Estimated Number of Missing,Location of Incident\n"
)
ROW = '2026.MMP0001,2026.MMP0001,Mediterranean,2026-01-02,2,1,"{place}"\n'
PLACE = "Côte d'Ivoire, off Málaga – Señora"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_it_reads_a_utf_8_file_as_utf_8_without_a_notice(tmp_path):
    path = write(tmp_path, "export.csv", (HEADER + ROW.format(place=PLACE)).encode("utf-8"))

    parsed = read_mmp(path)

    assert parsed.encoding == "utf-8"
    assert parsed.incidents[0].place == PLACE


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_it_reads_utf_16_and_byte_order_marked_files(tmp_path, encoding):
    text = HEADER + ROW.format(place=PLACE.replace("–", "-"))
    path = write(tmp_path, "export.csv", text.encode(encoding))

    parsed = read_mmp(path)

    assert parsed.errors == [] and parsed.rows == 1
    assert parsed.incidents[0].place == PLACE.replace("–", "-")
    assert (parsed.incidents[0].dead, parsed.incidents[0].missing) == (2, 1)
    assert parsed.encoding.startswith("utf-")


def test_it_reads_a_windows_1252_file_and_says_it_guessed(tmp_path):
    path = write(tmp_path, "export.csv", (HEADER + ROW.format(place=PLACE)).encode("cp1252"))

    parsed = read_mmp(path)

    assert parsed.incidents[0].place == PLACE
    assert parsed.encoding == "cp1252"


def test_it_reads_a_latin_1_file_with_bytes_windows_1252_leaves_undefined(tmp_path):
    # 0x81 and 0x8D have no character in Windows-1252; in Latin-1 they are controls.
    data = (
        (HEADER + ROW.format(place="Málaga"))
        .encode("latin-1")
        .replace(b"M\xe1laga", b"M\x81\xe1laga")
    )
    path = write(tmp_path, "export.csv", data)

    parsed = read_mmp(path)

    assert parsed.encoding == "latin-1"
    assert parsed.rows == 1


def test_a_field_longer_than_the_csv_module_default_is_read(tmp_path):
    place = "x" * 200_000
    path = write(tmp_path, "export.csv", (HEADER + ROW.format(place=place)).encode())

    parsed = read_mmp(path)

    assert parsed.incidents[0].place == place


def test_a_field_longer_than_the_limit_gives_a_row_numbered_error(tmp_path):
    rows = ROW.format(place="fine") + ROW.format(place="x" * (MAX_FIELD_CHARACTERS + 1))
    path = write(tmp_path, "export.csv", (HEADER + rows).encode())

    with pytest.raises(MmpFormatError) as error:
        read_mmp(path)

    assert error.value.code == "field_too_long"
    assert error.value.params["row"] == 3
    assert "Row 3" in str(error.value)


def test_a_binary_file_named_csv_gets_a_clear_error(tmp_path):
    path = write(tmp_path, "export.csv", b"\x00\x01\x02binary\x00" * 50)

    with pytest.raises(MmpFormatError):
        read_mmp(path)


def _workbook(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(
        ["Main ID", "Incident ID", "Number of Dead", "Minimum Estimated Number of Missing"]
    )
    sheet.append(["2026.MMP1", "2026.MMP1", 1, 0])
    path = tmp_path / "real.xlsx"
    workbook.save(path)
    return path


def test_a_spreadsheet_whose_part_holds_more_than_it_declares_is_refused(tmp_path):
    """A "lying" archive: its directory declares a small part that unpacks far bigger."""
    real = _workbook(tmp_path)
    lying = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                padding = b"<!--" + b"0" * 30 * 2**20 + b"-->"
                data = data.replace(b"<sheetData>", padding + b"<sheetData>")
            out.writestr(info.filename, data)
    raw = bytearray(lying.read_bytes())
    with zipfile.ZipFile(lying) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    declared = 5000
    struct.pack_into("<I", raw, sheet.header_offset + 22, declared)  # local header
    position = raw.find(b"PK\x01\x02")
    while position >= 0:
        length = struct.unpack_from("<H", raw, position + 28)[0]
        if bytes(raw[position + 46 : position + 46 + length]) == b"xl/worksheets/sheet1.xml":
            struct.pack_into("<I", raw, position + 24, declared)  # central directory
        position = raw.find(b"PK\x01\x02", position + 4)
    lying.write_bytes(raw)

    with pytest.raises(MmpFormatError) as error:
        read_mmp(lying)

    assert error.value.code == "archive_lying"


def test_a_zip_that_is_not_a_workbook_gets_a_clear_error(tmp_path):
    path = tmp_path / "export.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "hello")

    with pytest.raises(MmpFormatError) as error:
        read_mmp(path)

    assert error.value.code == "not_spreadsheet"


def test_a_real_workbook_still_reads(tmp_path):
    parsed = read_mmp(_workbook(tmp_path))

    assert parsed.rows == 1 and parsed.incidents[0].dead == 1
