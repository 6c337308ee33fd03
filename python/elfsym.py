"""elfsym.py - the symbols of an ELF file by name, with the file offsets
a uprobe is placed at (trace_cpython.py): no binutils needed.

  symbols(path, names) -> ({name: (vaddr, file offset)}, machine)

A name is looked up in the file's .symtab (where a CPython built by pyenv
keeps static functions such as take_gil), else in the symbols of its
separate debug file found by build-id under DEBUG_DIR (a distribution's
-dbg or -dbgsym package), else in .dynsym (exported names only). A GCC
clone (name.constprop.N, .isra.N, .lto_priv.N) stands in for a name only
when it is the one copy; a split-off part (name.part.N, name.cold) never
does: a probe there would miss the function's entry.
"""
import os
import struct

DEBUG_DIR = os.environ.get("GILBENCH_DEBUG_DIR", "/usr/lib/debug")


class NotElf(Exception):
    """Not a 64-bit ELF file."""


def _sections(data, end, shoff, shentsize, shnum):
    return [struct.unpack_from(end + "IIQQQQIIQQ", data, shoff + i * shentsize)
            for i in range(shnum)]


def build_id(data, end, sections):
    """The GNU build-id of an ELF file (hex), or None."""
    for sh in sections:
        if sh[1] != 7:  # SHT_NOTE
            continue
        off, size = sh[4], sh[5]
        pos = off
        while pos + 12 <= off + size:
            namesz, descsz, ntype = struct.unpack_from(end + "III", data, pos)
            name_at = pos + 12
            desc_at = name_at + ((namesz + 3) & ~3)
            if ntype == 3 and data[name_at:name_at + 3] == b"GNU":
                return "".join("%02x" % c for c in
                               bytearray(data[desc_at:desc_at + descsz]))
            pos = desc_at + ((descsz + 3) & ~3)
    return None


def symbols(path, names):
    """({name: (vaddr, file offset)} of those of names defined in path,
    functions or objects; the ELF machine number). NotElf when path is not
    a 64-bit ELF file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise NotElf("%s is not an ELF file" % path)
    if data[4:5] != b"\x02":
        raise NotElf("%s is not a 64-bit ELF file" % path)
    end = "<" if data[5:6] == b"\x01" else ">"
    machine, = struct.unpack_from(end + "H", data, 18)
    phoff, shoff = struct.unpack_from(end + "QQ", data, 32)
    phentsize, phnum, shentsize, shnum = struct.unpack_from(
        end + "HHHH", data, 54)
    loads = []
    for i in range(phnum):
        p_type, _, p_off, p_vaddr, _, _, p_memsz = struct.unpack_from(
            end + "IIQQQQQ", data, phoff + i * phentsize)
        if p_type == 1:  # PT_LOAD
            loads.append((p_vaddr, p_off, p_memsz))
    sections = _sections(data, end, shoff, shentsize, shnum)
    tables = [(data, sections, 2)]  # SHT_SYMTAB
    bid = build_id(data, end, sections)
    if bid:
        dbg = os.path.join(DEBUG_DIR, ".build-id", bid[:2], bid[2:] + ".debug")
        if os.path.exists(dbg):
            with open(dbg, "rb") as f:
                ddata = f.read()
            if ddata[:4] == b"\x7fELF" and ddata[4:6] == data[4:6]:
                d_shoff, = struct.unpack_from(end + "Q", ddata, 40)
                d_shentsize, d_shnum = struct.unpack_from(end + "HH", ddata,
                                                          58)
                tables.append((ddata, _sections(ddata, end, d_shoff,
                                                d_shentsize, d_shnum), 2))
    tables.append((data, sections, 11))  # SHT_DYNSYM
    found = {}
    for tdata, tsections, want_type in tables:
        for sh in tsections:
            if sh[1] != want_type:
                continue
            strtab = tsections[sh[6]]
            s_off, s_size, entsize = sh[4], sh[5], sh[9] or 24
            for k in range(s_size // entsize):
                st_name, st_info, _, st_shndx, st_value, _ = \
                    struct.unpack_from(end + "IBBHQQ", tdata,
                                       s_off + k * entsize)
                # Defined, and an object (1) or a function (2).
                if st_shndx == 0 or st_info & 0xf not in (1, 2):
                    continue
                a = strtab[4] + st_name
                name = tdata[a:tdata.index(b"\0", a)].decode("latin-1")
                base = name.split(".")[0]
                if base not in names:
                    continue
                clone = name != base
                if clone and not any(("." + c + ".") in name + "."
                                     for c in ("constprop", "isra",
                                               "lto_priv")):
                    continue
                found.setdefault(base, {})[name] = st_value
        if all(n in found for n in names):
            break
    out = {}
    for n in names:
        copies = found.get(n, {})
        if n in copies:
            vaddr = copies[n]
        elif len(copies) == 1:
            vaddr = list(copies.values())[0]
        else:
            continue
        # The file offset: through the loaded segment that holds it.
        seg = [(v, o) for v, o, size in loads if v <= vaddr < v + size]
        if not seg:
            continue
        out[n] = (vaddr, vaddr - seg[0][0] + seg[0][1])
    return out, machine
