#!/usr/bin/env python3
"""pkictl against its peers, side by side in one run (started by bench/run.sh).

Every job runs pkictl and a peer on data this script makes itself, in fresh
directories, and reports wall time (median of several runs where a run is
short), the ratio pkictl/peer, and peak RSS (/usr/bin/time -v). Nothing here
asserts a time: CI runs `--smoke` so the script cannot rot.

Peers, and exactly what each does:
- python `cryptography` (one process): per certificate, an EC P-256 key, a
  certificate signed by the same intermediate, cert.pem and key.pem written
  into the certificate's own directory (no fsync; pkictl makes its files
  and records durable).
- `openssl req -x509 -new -newkey ec -CA -CAkey`: one certificate per process.
- `openssl ca -batch` with its index.txt, and easy-rsa (`build-server-full
  nopass`): one certificate per process into their own stores.
- `openssl verify -CAfile -untrusted leaf1 … leafN`: one process.
- `openssl storeutl -noout -text -certs BUNDLE`.
- python `cryptography` reading notAfter of N PEM files.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sh(cmd, cwd=None, env=None, quiet=True):
    return subprocess.run(
        cmd,
        shell=isinstance(cmd, str),
        cwd=cwd,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.DEVNULL if quiet else None,
    )


def timed(cmd, cwd=None, env=None, ok=(0,)):
    """Wall seconds and peak RSS (KB) of one run (exit codes in `ok` count
    as success: check-expiry exits 1 when something is due)."""
    rss_file = tempfile.mktemp()
    full = ["/usr/bin/time", "-f", "%M", "-o", rss_file] + (
        ["sh", "-c", cmd] if isinstance(cmd, str) else cmd
    )
    t = time.perf_counter()
    r = subprocess.run(full, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t
    if r.returncode not in ok:
        raise RuntimeError(f"{cmd} exited {r.returncode}: {r.stderr.decode()[-2000:]}")
    with open(rss_file) as f:
        rss = int(f.read().strip().splitlines()[-1])
    os.unlink(rss_file)
    return wall, rss


def median_of(cmds, cwd=None):
    """Median wall time (seconds) of one process per command."""
    ts = []
    for c in cmds:
        t = time.perf_counter()
        subprocess.run(c, shell=isinstance(c, str), cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def settle():
    """Let earlier writes reach the disk so each timing pays for its own."""
    os.sync()
    time.sleep(1)


class Bench:
    def __init__(self, args):
        self.args = args
        self.p = os.path.join(ROOT, "target/release/pkictl")
        self.py = args.python
        self.work = args.work
        self.rows = []
        self.scale_rows = []

    def path(self, *parts):
        return os.path.join(self.work, *parts)

    def pk(self, store, *a):
        return [self.p, "--store", store, "-q"] + list(a)

    def new_store(self, name):
        s = self.path(name)
        sh(self.pk(s, "init-ca", "--cn", "Bench Root", "--no-passphrase"))
        sh(self.pk(s, "init-ca", "issuing", "--parent", "root", "--cn", "Bench Issuing", "--no-passphrase"))
        return s

    def batch_file(self, n, prefix, path, validity=None):
        with open(path, "w") as f:
            for i in range(n):
                line = {"name": f"{prefix}-{i}", "dns": f"{prefix}-{i}.example.com"}
                if validity:
                    line["validity"] = validity(i)
                f.write(json.dumps(line) + "\n")

    def row(self, job, ours, peer, peer_name, goal, rss=None, note=""):
        ratio = ours / peer if peer else None
        self.rows.append((job, ours, peer, peer_name, ratio, goal, rss, note))
        r = f"{ratio:.2f}x" if ratio else "-"
        print(f"{job:55} pkictl {ours:8.4f}s  {peer_name} {peer if peer else 0:8.4f}s  {r:>6}  goal {goal}", flush=True)

    # --- jobs -------------------------------------------------------------

    def batch(self, n):
        s = self.new_store(f"batch-{n}")
        b = self.path(f"batch-{n}.jsonl")
        self.batch_file(n, "svc", b)
        ca_cert = os.path.join(s, "cas/issuing/current/cert.pem")
        ca_key = os.path.join(s, "cas/issuing/current/key.pem")
        out = self.path(f"py-{n}")
        os.mkdir(out)
        settle()
        ours, rss = timed(self.pk(s, "issue", "--batch", b))
        settle()
        peer, _ = timed([self.py, os.path.join(HERE, "peer_issue.py"), ca_cert, ca_key, str(n), out])
        self.row(f"issue --batch of {n:,} EC P-256 server certificates", ours, peer, "python", "<= 0.3x", rss,
                 f"{ours / n * 1e3:.3f} ms/cert")
        return s

    def single(self, runs):
        s = self.new_store("single")
        ica = os.path.join(s, "cas/issuing/current/cert.pem")
        ikey = os.path.join(s, "cas/issuing/current/key.pem")
        od = self.path("openssl-single")
        os.mkdir(od)
        settle()
        ours = median_of([self.pk(s, "issue", f"one-{i}", "--dns", f"one-{i}.example.com") for i in range(runs)])
        peer = median_of(
            [
                ["openssl", "req", "-x509", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                 "-nodes", "-keyout", f"{od}/o{i}.key", "-out", f"{od}/o{i}.pem", "-subj", f"/CN=one-{i}",
                 "-CA", ica, "-CAkey", ikey, "-days", "90", "-addext", f"subjectAltName=DNS:one-{i}.example.com"]
                for i in range(runs)
            ]
        )
        self.row("one issue per process (median)", ours, peer, "openssl req -x509 -CA", "<= 0.5x")

    def verify(self, store, n):
        leaves = [os.path.join(store, f"certs/svc-{i}/current/cert.pem") for i in range(n)]
        root = os.path.join(store, "cas/root/current/cert.pem")
        inter = os.path.join(store, "cas/issuing/current/cert.pem")
        settle()
        ours, rss = timed(self.pk(store, "verify", "--roots", root, "--untrusted", inter, *leaves))
        peer, _ = timed(["openssl", "verify", "-CAfile", root, "-untrusted", inter] + leaves)
        self.row(f"verify of {n:,} leaves in one call", ours, peer, "openssl verify", "<= 0.33x", rss)

    def inspect(self):
        bundle = self.path("roots-x10.pem")
        src = "/etc/ssl/certs/ca-certificates.crt"
        if not os.path.exists(src):
            print("skipped inspect: no /etc/ssl/certs/ca-certificates.crt")
            return
        with open(src) as f:
            text = f.read()
        with open(bundle, "w") as f:
            f.write(text * 10)
        count = text.count("BEGIN CERTIFICATE") * 10
        ours, rss = timed([self.p, "inspect", "--json", bundle])
        peer, _ = timed(["openssl", "storeutl", "-noout", "-text", "-certs", bundle])
        self.row(f"inspect --json of {count:,} certificates (one bundle)", ours, peer, "openssl storeutl", "held (0.08x)", rss)

    def scan(self, store, n):
        d = self.path(f"pem-{n}")
        os.mkdir(d)
        for i in range(n):
            shutil.copy(os.path.join(store, f"certs/svc-{i}/current/cert.pem"), os.path.join(d, f"c{i}.pem"))
        settle()
        ours, rss = timed([self.p, "check-expiry", "--json", d], ok=(0, 1))
        peer, _ = timed([self.py, os.path.join(HERE, "peer_scan.py"), d])
        self.row(f"expiry scan of {n:,} PEM files", ours, peer, "python", "held (0.29x)", rss)

    def growth(self, big):
        empty = self.new_store("growth-empty")
        s = self.new_store("growth-big")
        b = self.path("growth.jsonl")
        for k in range(big // 10_000 or 1):
            self.batch_file(min(big, 10_000), f"g{k}", b)
            sh(self.pk(s, "issue", "--batch", b))
        more = self.path("more.jsonl")
        self.batch_file(500, "more", more)
        settle()
        into_empty, _ = timed(self.pk(empty, "issue", "--batch", more))
        settle()
        into_big, _ = timed(self.pk(s, "issue", "--batch", more))
        self.row(f"500 more into a store of {big:,} vs into an empty one", into_big, into_empty, "empty store", "held (flat)")
        settle()
        t, rss = timed(self.pk(s, "check-expiry"), ok=(0, 1))
        self.row(f"check-expiry of a {big + 500:,}-certificate store", t, None, "-", "held", rss)

    def openssl_ca_and_easyrsa(self, n):
        # openssl ca with its index.txt
        d = self.path("openssl-ca")
        os.makedirs(os.path.join(d, "new"))
        s = self.new_store("peer-ca")
        shutil.copy(os.path.join(s, "cas/issuing/current/cert.pem"), os.path.join(d, "ca.pem"))
        shutil.copy(os.path.join(s, "cas/issuing/current/key.pem"), os.path.join(d, "ca.key"))
        open(os.path.join(d, "index.txt"), "w").close()
        with open(os.path.join(d, "serial"), "w") as f:
            f.write("1000\n")
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write(
                "[ca]\ndefault_ca=d\n[d]\ndir=.\ndatabase=$dir/index.txt\nnew_certs_dir=$dir/new\n"
                "certificate=$dir/ca.pem\nprivate_key=$dir/ca.key\nserial=$dir/serial\n"
                "default_md=sha256\npolicy=p\ndefault_days=90\nunique_subject=no\ncopy_extensions=copy\n[p]\ncommonName=supplied\n"
            )
        cmds = []
        for i in range(n):
            cmds.append(
                f"openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout k{i}.pem "
                f"-subj /CN=s{i} -addext subjectAltName=DNS:s{i}.example.com -out r{i}.csr 2>/dev/null && "
                f"openssl ca -batch -config ca.cnf -in r{i}.csr -out c{i}.pem 2>/dev/null"
            )
        t = time.perf_counter()
        for c in cmds:
            sh(c, cwd=d)
        peer = time.perf_counter() - t
        b = self.path("peer200.jsonl")
        self.batch_file(n, "p", b)
        settle()
        ours, _ = timed(self.pk(s, "issue", "--batch", b))
        self.row(f"{n} certificates: issue --batch vs openssl ca -batch (one process each)", ours, peer, "openssl ca", "-")
        easyrsa = shutil.which("easyrsa") or "/usr/share/easy-rsa/easyrsa"
        if not os.path.exists(easyrsa):
            print("skipped easy-rsa: not installed (apt-get install easy-rsa)")
            return
        e = self.path("easyrsa")
        os.mkdir(e)
        env = dict(os.environ, EASYRSA_BATCH="1", EASYRSA_PKI=os.path.join(e, "pki"), EASYRSA_ALGO="ec",
                   EASYRSA_CURVE="prime256v1")
        sh([easyrsa, "init-pki"], cwd=e, env=env)
        sh([easyrsa, "build-ca", "nopass"], cwd=e, env=dict(env, EASYRSA_REQ_CN="Bench easy-rsa CA"))
        t = time.perf_counter()
        for i in range(n):
            sh([easyrsa, "build-server-full", f"s{i}", "nopass"], cwd=e, env=env)
        peer = time.perf_counter() - t
        self.row(f"{n} certificates: issue --batch vs easy-rsa build-server-full", ours, peer, "easy-rsa", "-")

    def scale(self, n):
        """The 100,000 table: one batch, then one command at a time."""
        s = self.new_store(f"scale-{n}")
        b = self.path(f"scale-{n}.jsonl")
        self.batch_file(n, "s", b, validity=lambda i: f"{1 + (i * 7) % 365}d")
        settle()
        t, rss = timed(self.pk(s, "issue", "--batch", b))
        self.scale_rows.append((f"issue --batch of the {n:,}", t, rss, "<= 10 s, <= 100 MB"))
        print(f"{'issue --batch of the ' + format(n, ','):40} {t:8.3f}s  {rss:>8} KB  goal <= 10 s, <= 100 MB", flush=True)
        jobs = [
            ("issue NAME (one more)", self.pk(s, "issue", "extra", "--dns", "extra.example.com"), "<= 10 ms, 8 MB"),
            ("renew NAME (one)", self.pk(s, "renew", "s-17"), "<= 50 ms, <= 20 MB"),
            ("revoke NAME (one)", self.pk(s, "revoke", "s-18", "--yes"), "<= 50 ms, <= 20 MB"),
            ("check-expiry (table)", self.pk(s, "check-expiry"), "<= 0.25 s, <= 100 MB"),
            ("check-expiry --nagios", self.pk(s, "check-expiry", "--nagios"), "<= 0.25 s, <= 100 MB"),
            ("check-expiry --json (every object)", self.pk(s, "check-expiry", "--json"), "<= 100 MB"),
            ("list --json", self.pk(s, "list", "--json"), "<= 100 MB"),
            ("doctor", self.pk(s, "doctor"), "<= 3 s"),
        ]
        for name, cmd, goal in jobs:
            settle()
            # check-expiry exits 1 (or --nagios 2) when something is due.
            t, rss = timed(cmd, ok=(0, 1, 2))
            self.scale_rows.append((name, t, rss, goal))
            print(f"{name:40} {t if t is not None else float('nan'):8.3f}s  {rss or 0:>8} KB  goal {goal}", flush=True)
        du = subprocess.run(["du", "-sk", s], capture_output=True, text=True).stdout.split()[0]
        per = int(du) * 1024 / (n + 3)
        self.scale_rows.append(("store on disk", None, None, f"{int(du) / 1024:.0f} MB, {per / 1024:.1f} KB per certificate (goal <= 12 KB)"))
        print(f"store on disk: {int(du) / 1024:.0f} MB, {per / 1024:.1f} KB per certificate")

    def write_results(self):
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        lines = [
            "# Benchmark results",
            "",
            f"`bash bench/run.sh{' --smoke' if self.args.smoke else ''}{f' --scale {self.args.scale}' if self.args.scale else ''}`, {now}, "
            f"{os.cpu_count()} cores, {platform.platform()}, pkictl release build, CA keys unencrypted on every side.",
            "",
            "| job | pkictl | peer | ratio | goal | peak RSS | note |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for job, ours, peer, peer_name, ratio, goal, rss, note in self.rows:
            p = f"{peer_name} {peer:.4f} s" if peer else "—"
            r = f"{ratio:.2f}×" if ratio else "—"
            m = f"{rss / 1024:.0f} MB" if rss else ""
            lines.append(f"| {job} | {ours:.4f} s | {p} | {r} | {goal} | {m} | {note} |")
        if self.scale_rows:
            lines += ["", "| command on the large store | time | peak RSS | goal |", "| --- | --- | --- | --- |"]
            for name, t, rss, goal in self.scale_rows:
                ts = f"{t:.3f} s" if t is not None else ""
                m = f"{rss / 1024:.0f} MB" if rss else ""
                lines.append(f"| {name} | {ts} | {m} | {goal} |")
        lines.append("")
        with open(self.args.results, "w") as f:
            f.write("\n".join(lines))
        print(f"wrote {self.args.results}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--scale", type=int, default=0)
    ap.add_argument("passthrough", nargs="*")
    args = ap.parse_args()
    b = Bench(args)
    print(f"pkictl {subprocess.run([b.p, '--version'], capture_output=True, text=True).stdout.strip()}, {os.cpu_count()} cores", flush=True)
    if args.smoke:
        store = b.batch(200)
        b.single(5)
        b.verify(store, 200)
        b.inspect()
        b.scan(store, 200)
        b.growth(1000)
        b.openssl_ca_and_easyrsa(20)
        if args.scale:
            b.scale(args.scale)
    else:
        b.batch(2000)
        store = b.batch(10_000)
        b.single(50)
        b.verify(store, 2000)
        b.verify(store, 10_000)
        b.inspect()
        b.scan(store, 2000)
        b.growth(20_000)
        b.openssl_ca_and_easyrsa(200)
        if args.scale:
            b.scale(args.scale)
    b.write_results()


if __name__ == "__main__":
    main()
