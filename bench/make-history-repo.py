#!/usr/bin/env python3
"""Writes a `git fast-import` stream of N linear commits (one small file each)."""
import sys

count = int(sys.argv[1])
out = sys.stdout.buffer
for i in range(1, count + 1):
    data = f"commit {i}\n".encode()
    message = f"Change number {i}\n".encode()
    out.write(b"commit refs/heads/main\n")
    out.write(f"mark :{i}\n".encode())
    out.write(f"committer Bench <bench@example.com> {1_600_000_000 + i} +0000\n".encode())
    out.write(b"data %d\n%s" % (len(message), message))
    if i > 1:
        out.write(f"from :{i - 1}\n".encode())
    out.write(b"M 644 inline file.txt\n")
    out.write(b"data %d\n%s\n" % (len(data), data))
out.write(b"done\n")
