#!/usr/bin/env python3
"""The python peer of `check-expiry DIR`: notAfter of every PEM file of a
directory, the ones within 30 days counted. usage: peer_scan.py DIR"""
import datetime
import os
import sys

from cryptography import x509

d = sys.argv[1]
soon = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=30)
due = 0
for name in os.listdir(d):
    with open(os.path.join(d, name), "rb") as f:
        for c in x509.load_pem_x509_certificates(f.read()):
            if c.not_valid_after_utc < soon:
                due += 1
print(due)
