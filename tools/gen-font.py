#!/usr/bin/env python3
"""Usage: gen-font.py FONT.pf2 OUT.c

Turns GRUB's PF2 bitmap font (grub-common's ascii.pf2, 16 pixels high) into
an 8x16 C table of the printable ASCII characters for the framebuffer console
(src/fbcon.c). PF2: sections of a 4-byte name and a big-endian length; CHIX
lists (code point, flags, offset) per glyph; a glyph is width, height, x and y
offset and advance (big-endian 16-bit), then its bits row-major, MSB first."""
import struct
import sys


def main():
    data = open(sys.argv[1], "rb").read()
    pos, sections = 0, {}
    while pos + 8 <= len(data):
        name, length = data[pos:pos + 4].decode("ascii"), struct.unpack(">I", data[pos + 4:pos + 8])[0]
        if name == "DATA":
            break
        sections[name] = data[pos + 8:pos + 8 + length]
        pos += 8 + length
    ascent = struct.unpack(">H", sections["ASCE"])[0]
    index = {}
    chix = sections["CHIX"]
    for i in range(0, len(chix), 9):
        code, _flags, off = struct.unpack(">IBI", chix[i:i + 9])
        index[code] = off
    rows = []
    for code in range(0x20, 0x7F):
        cell = [0] * 16
        if code in index:
            off = index[code]
            w, h, xoff, yoff, _adv = struct.unpack(">HHhhh", data[off:off + 10])
            bits = data[off + 10:off + 10 + (w * h + 7) // 8]
            top = ascent - (h + yoff)  # the glyph's first row in the 16-row cell
            for y in range(h):
                for x in range(w):
                    n = y * w + x
                    if bits[n // 8] & (0x80 >> (n % 8)) and 0 <= top + y < 16 and 0 <= x + xoff < 8:
                        cell[top + y] |= 0x80 >> (x + xoff)
        rows.append(cell)
    with open(sys.argv[2], "w") as f:
        f.write("/* Generated from GRUB's ascii.pf2 by tools/gen-font.py. Do not edit. */\n")
        f.write("#include <stdint.h>\n\n/* Characters 0x20-0x7e, 16 rows each, MSB = leftmost pixel. */\n")
        f.write("const uint8_t font8x16[95][16] = {\n")
        for code, cell in zip(range(0x20, 0x7F), rows):
            f.write("    {" + ", ".join(f"0x{b:02x}" for b in cell) + f"}}, /* {chr(code)!r} */\n")
        f.write("};\n")


main()
