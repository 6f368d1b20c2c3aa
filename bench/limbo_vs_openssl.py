#!/usr/bin/env python3
# Compares pkictl's verify verdicts on x509-limbo with `openssl verify`.
# First dump pkictl's verdicts:  LIMBO_DUMP=/tmp/limbo-verdicts.tsv cargo test --test cli limbo
# then run:                      python3 bench/limbo_vs_openssl.py /tmp/limbo-verdicts.tsv
import gzip, json, subprocess, tempfile, os, collections, datetime, sys
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
d = json.load(gzip.open(os.path.join(ROOT, 'fixtures/x509-limbo/limbo.json.gz')))
ours = {}
for line in open(sys.argv[1] if len(sys.argv) > 1 else '/tmp/limbo-verdicts.tsv'):
    i, e, g, c = line.rstrip('\n').split('\t')
    ours[i] = (g == 'true', c)
diff = collections.Counter(); examples = {}
agree = 0; n = 0
tmp = tempfile.mkdtemp()
for t in d['testcases']:
    n += 1
    ca = os.path.join(tmp, 'ca.pem'); un = os.path.join(tmp, 'un.pem'); leaf = os.path.join(tmp, 'leaf.pem'); crl = os.path.join(tmp, 'crl.pem')
    open(ca, 'w').write(''.join(t['trusted_certs']))
    open(un, 'w').write(''.join(t['untrusted_intermediates']))
    open(leaf, 'w').write(t['peer_certificate'])
    args = ['openssl', 'verify', '-CAfile', ca]
    if t['untrusted_intermediates']: args += ['-untrusted', un]
    if t['crls']:
        open(crl, 'w').write(''.join(t['crls'])); args += ['-CRLfile', crl, '-crl_check']
    if t['validation_time']:
        ts = int(datetime.datetime.fromisoformat(t['validation_time']).timestamp()); args += ['-attime', str(ts)]
    if t['validation_kind'] == 'SERVER':
        args += ['-purpose', 'sslserver']
        p = t.get('expected_peer_name')
        if p: args += (['-verify_ip', p['value']] if p['kind'] == 'IP' else ['-verify_hostname', p['value']])
    else:
        args += ['-purpose', 'sslclient']
    if t['max_chain_depth'] is not None: args += ['-verify_depth', str(t['max_chain_depth'] + 1)]
    r = subprocess.run(args + [leaf], capture_output=True, text=True)
    o = r.returncode == 0
    g, code = ours[t['id']]
    exp = t['expected_result'] == 'SUCCESS'
    if o == g:
        agree += 1
    else:
        kind = ('openssl accepts, pkictl refuses' if o else 'openssl refuses, pkictl accepts') + (' (suite: ' + ('SUCCESS' if exp else 'FAILURE') + ')')
        fam = t['id'].split('::')[0] + '::' + (t['id'].split('::')[1] if not t['id'].startswith('bettertls') else 'nameconstraints')
        key = (kind, fam, code.split(':')[0] if code else '')
        diff[key] += 1
        examples.setdefault(key, t['id'])
print(f"cases {n}, same verdict {agree}, different {n-agree}")
for k, v in diff.most_common(): print(v, k, examples[k])
