# The pcc CLI's packing algorithm, restated for tests: walk the folder with
# os.walk, leave out every path that a pattern matches (fnmatch against each
# path component or the whole relative path), sort by relative path, write a
# tarfile (PAX format) of normalized members, gzip it with mtime 0, and print
# the first 16 hex digits of its MD5.
#
#   python3 cli_pack.py FOLDER OUT.tar.gz < patterns (one per line)
import fnmatch, gzip, hashlib, io, os, sys, tarfile

base = os.path.realpath(sys.argv[1])
patterns = [line.rstrip("\n") for line in sys.stdin if line.strip()]

def excluded(rel):
    parts = rel.split(os.sep)
    return any(fnmatch.fnmatch(rel, p) or any(fnmatch.fnmatch(part, p) for part in parts) for p in patterns)

names = []
for here, dirs, files in os.walk(base):
    rel_here = os.path.relpath(here, base)
    prefix = "" if rel_here == "." else rel_here + os.sep
    dirs[:] = [d for d in sorted(dirs) if not excluded(prefix + d)]
    names += [prefix + f for f in sorted(files) if not excluded(prefix + f)]
names.sort()

raw = io.BytesIO()
with tarfile.open(fileobj=raw, mode="w") as archive:
    for name in names:
        full = os.path.join(base, name)
        member = tarfile.TarInfo(name=name)
        member.size = os.stat(full).st_size
        member.mtime, member.uid, member.gid, member.uname, member.gname = 0, 0, 0, "", ""
        member.mode = 0o755 if os.access(full, os.X_OK) else 0o644
        with open(full, "rb") as f:
            archive.addfile(member, f)
packed = io.BytesIO()
with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as z:
    z.write(raw.getvalue())
out = packed.getvalue()
open(sys.argv[2], "wb").write(out)
print("\n".join(names), file=sys.stderr)
print(hashlib.md5(out).hexdigest()[:16])
