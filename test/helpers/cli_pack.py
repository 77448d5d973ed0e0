# The pcc CLI's packing algorithm, restated for tests: Python's tarfile (PAX
# format) with normalized members, gzip with mtime 0, MD5 of the result.
# Prints the context hash of the folder named by argv[1] with every file given
# on stdin (one relative path per line, already filtered and sorted).
import gzip, hashlib, io, os, sys, tarfile

base = sys.argv[1]
names = [line.rstrip("\n") for line in sys.stdin if line.strip()]
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
if len(sys.argv) > 2:
    open(sys.argv[2], "wb").write(out)
print(hashlib.md5(out).hexdigest()[:16])
