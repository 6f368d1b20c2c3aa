
use builtin;
use str;

set edit:completion:arg-completer[pkictl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'pkictl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'pkictl'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init-ca 'Create a root CA, or an intermediate CA with --parent'
            cand issue 'Generate a key and issue a certificate (or many with --batch)'
            cand sign-csr 'Sign a certificate request made elsewhere (openssl, keytool, Go)'
            cand inspect 'Show certificates, requests, CRLs and keys in plain words'
            cand verify 'Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks'
            cand list 'List the store''s certificates and CAs'
            cand check-expiry 'Find certificates and CRLs that expire soon (the store, or files and directories)'
            cand renew 'Renew certificates: by name, serial, or everything expiring --within a window'
            cand revoke 'Revoke a certificate and re-sign its CA''s CRL'
            cand retire 'Mark a certificate as no longer deployed (not revoked)'
            cand crl 'Re-sign CRLs; --all --out FILE writes every CA''s CRL into one file'
            cand import-ca 'Add a CA certificate without its key, as a trust anchor'
            cand ca 'Manage the store''s CAs'
            cand policy 'Show the effective issuance policy'
            cand audit 'Check the audit log''s hash chain'
            cand doctor 'Check the store and mend what an interrupted run left behind'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;init-ca'= {
            cand --cn 'Common name of the CA, e.g. "Example Root CA"'
            cand --org 'Organization (O)'
            cand --ou 'Organizational unit (OU)'
            cand --country 'Two-letter country code (C)'
            cand --key-type 'Key type [env: PKICTL_CA_KEY_TYPE] [default: ec-p256]'
            cand --validity 'Validity [default: 10y for a root, 5y for an intermediate]'
            cand --parent 'Create an intermediate signed by this CA of the store'
            cand --path-len 'pathLenConstraint [default: 1 for a root, 0 for an intermediate]'
            cand --permit-dns 'Permit only these DNS names (example.com = apex and subdomains, .example.com = subdomains)'
            cand --permit-ip 'Permit only these IP ranges (CIDR)'
            cand --permit-email 'Permit only these email domains (enforced as store policy)'
            cand --permit-uri 'Permit only URIs with these prefixes (enforced as store policy)'
            cand --exclude-dns 'Exclude these DNS names'
            cand --exclude-ip 'Exclude these IP ranges (CIDR)'
            cand --csr-out 'Offline root: create the key and write a certificate request to FILE; the CA stays pending'
            cand --import-cert 'Offline root: complete a pending CA with the certificate its root signed'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --set-default 'Make this CA the store''s default issuer'
            cand --no-passphrase 'Store the CA key unencrypted (not recommended)'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;issue'= {
            cand --dns 'DNS name SAN (repeatable)'
            cand --ip 'IP address SAN (repeatable)'
            cand --email 'Email address SAN (repeatable)'
            cand --uri 'URI SAN (repeatable)'
            cand --spiffe-id 'SPIFFE ID (spiffe profile): the certificate''s only URI SAN'
            cand --cn 'Common name [default: NAME]'
            cand --subject 'Other subject attributes, e.g. "O=Example Inc,OU=Payments"'
            cand --profile 'Profile [env: PKICTL_PROFILE] [default: server]'
            cand --validity 'Validity [env: PKICTL_VALIDITY] [default: 90d]'
            cand --not-after 'Exact notAfter (RFC 3339 or Unix time)'
            cand --not-before 'Exact notBefore (RFC 3339 or Unix time)'
            cand --backdate 'How far notBefore is set back for clock skew [default: 5m]'
            cand --key-type 'Key type [env: PKICTL_KEY_TYPE] [default: ec-p256]'
            cand --ca 'Issuing CA [env: PKICTL_CA] [default: the store''s default issuer]'
            cand --out-dir 'Also write the files to DIR (a batch writes DIR/NAME/…)'
            cand --out 'Also write the files to DIR (a batch writes DIR/NAME/…)'
            cand --batch 'Issue every line of FILE (JSON Lines or CSV; - for stdin)'
            cand --batch-format 'Batch format [default: from the extension]'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --overwrite 'Replace existing files under --out-dir'
            cand --no-keep-key 'Do not keep the private key in the store (needs --out-dir)'
            cand --supersede 'Supersede the name''s active certificate (without revoking it)'
            cand --if-absent 'Succeed without change when an identical certificate is active'
            cand --dry-run 'Show what would be issued; decrypt and generate nothing'
            cand --keep-going 'Issue the valid lines of a batch even when others fail'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;sign-csr'= {
            cand --name 'The certificate''s name in the store'
            cand --profile 'Profile; intermediate-ca signs an offline intermediate CA [default: server]'
            cand --validity 'Validity [default: 90d; 5y for intermediate-ca]'
            cand --not-after 'Exact notAfter (RFC 3339 or Unix time)'
            cand --ca 'Issuing CA [default: the store''s default issuer]'
            cand --cn 'Common name instead of the request''s'
            cand --subject 'Subject attributes to add, e.g. "O=Example Inc,OU=Payments"'
            cand --dns 'DNS name SAN (replaces the request''s SANs unless --merge-csr-sans)'
            cand --ip 'IP address SAN'
            cand --email 'Email address SAN'
            cand --uri 'URI SAN'
            cand --spiffe-id 'SPIFFE ID (spiffe profile)'
            cand --out-dir 'Also write the certificate files to DIR'
            cand --out 'Also write the certificate files to DIR'
            cand --path-len 'intermediate-ca: pathLenConstraint [default: 0]'
            cand --permit-dns 'intermediate-ca: permit only these DNS names'
            cand --permit-ip 'intermediate-ca: permit only these IP ranges'
            cand --exclude-dns 'intermediate-ca: exclude these DNS names'
            cand --exclude-ip 'intermediate-ca: exclude these IP ranges'
            cand --permit-email 'intermediate-ca: email domains to check against the parent''s permits'
            cand --permit-uri 'intermediate-ca: URI prefixes (checked against the parent''s permits)'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --name-from-cn 'Name the certificate after the request''s CN'
            cand --merge-csr-sans 'Add the SAN flags to the request''s SANs instead of replacing them'
            cand --keep-subject 'Keep the request''s O, OU, C, ST, L and STREET (other attributes are always dropped)'
            cand --overwrite 'Replace existing files under --out-dir'
            cand --supersede 'Supersede the name''s active certificate'
            cand --if-absent 'Succeed without change when an identical certificate is active'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;inspect'= {
            cand --at 'Judge validity at this time instead of now'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --include-pem 'Include each object''s PEM in the output'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;verify'= {
            cand --roots 'Trust only the roots in FILE (replaces the store''s roots)'
            cand --ca 'Trust only the roots in FILE (replaces the store''s roots)'
            cand --trust 'Trust these CAs of the store (by name)'
            cand --untrusted 'More intermediates for path building'
            cand --host 'The DNS name or IP address the certificate must be valid for'
            cand --purpose 'server, client or any [default: server with --host, else any]'
            cand --at 'Verify at this time instead of now'
            cand --crl 'CRL files (the store''s own CRLs are always used)'
            cand --crl-check 'Which certificates are checked against CRLs [default: leaf when a CRL of its issuer is available]'
            cand --max-depth 'Allow at most N intermediates'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;list'= {
            cand --status 'Which certificates: active (valid or expired), valid, expired, revoked, superseded, retired, all'
            cand --ca 'Only what this CA issued'
            cand --at 'Judge expiry at this time instead of now'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;check-expiry'= {
            cand --within 'Warning window: a duration (30d) or a share of each certificate''s lifetime (33%) [default: 30d]'
            cand --critical 'Critical window [default: the smaller of 7d and --within]'
            cand --at 'Judge at this time instead of now (RFC 3339 or Unix time)'
            cand --exclude 'Skip paths (or file names) matching this glob (repeatable)'
            cand --prometheus 'Write a node_exporter textfile (atomically, mode 0644)'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --all-certs 'Grade every certificate of a file, not only the first'
            cand --nagios 'One Nagios/monitoring-plugin status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN'
            cand --problems-only 'List only certificates that are not ok (JSON)'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;renew'= {
            cand --serial 'Renew the certificate with this serial (repeatable)'
            cand --within 'Renew every active certificate expiring within this window: a duration (30d) or a share of its lifetime left (33%)'
            cand --expiring-within 'Renew every active certificate expiring within this window: a duration (30d) or a share of its lifetime left (33%)'
            cand --validity 'Validity of the successors [default: the predecessor''s requested validity]'
            cand --exec 'Run CMD (via /bin/sh -c) once per renewed certificate, after the lock is released'
            cand --post-exec 'Run CMD once per run, when anything was renewed'
            cand --exec-timeout 'Kill a hook that runs longer than this'
            cand --out-dir 'Also write each successor''s files to DIR/NAME/ (needed for certificates whose key the store does not keep)'
            cand --csr 'Renew a certificate signed from a request with this new request (PEM or DER)'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --reuse-key 'Keep the current private key instead of generating a new one'
            cand --revoke-old 'Revoke each predecessor (reason superseded) once its hook succeeded'
            cand --dry-run 'Show what would be renewed; change nothing'
            cand --exit-code 'Exit 1 when nothing was renewed'
            cand --overwrite 'Replace existing files under --out-dir'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;revoke'= {
            cand --serial 'Revoke the certificate with this serial (any case, colons or 0x allowed)'
            cand --reason 'Why; key-compromise also revokes every unexpired certificate of the name that shares the key'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --dry-run 'Show what would be revoked; change nothing'
            cand -y 'Do not ask for confirmation on a terminal'
            cand --yes 'Do not ask for confirmation on a terminal'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;retire'= {
            cand --serial 'Retire the certificate with this serial'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;crl'= {
            cand --ca 'The CA whose CRL is re-signed [default: the default issuer]'
            cand --next-update 'How long the CRL is valid [default: the CA''s crl_next_update; 180d root, 7d intermediate]'
            cand --out 'Also write the CRLs (PEM, concatenated) to FILE, replaced atomically; - for stdout'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --all 'Re-sign the CRL of every CA that has its key in the store'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;import-ca'= {
            cand --cert 'The CA certificate (PEM or DER)'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;ca'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand default 'Make a CA the store''s default issuer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;ca;default'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;ca;help'= {
            cand default 'Make a CA the store''s default issuer'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;ca;help;default'= {
        }
        &'pkictl;ca;help;help'= {
        }
        &'pkictl;policy'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Print the effective policy (every CA, or one)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;policy;show'= {
            cand --ca 'Only this CA'
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;policy;help'= {
            cand show 'Print the effective policy (every CA, or one)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;policy;help;show'= {
        }
        &'pkictl;policy;help;help'= {
        }
        &'pkictl;audit'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check the hash chain and print its head'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;audit;verify'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;audit;help'= {
            cand verify 'Check the hash chain and print its head'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;audit;help;verify'= {
        }
        &'pkictl;audit;help;help'= {
        }
        &'pkictl;doctor'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --fix 'Mend what can be mended safely'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;completions'= {
            cand --store 'The CA store directory [env: PKICTL_STORE] [default: ./pki]'
            cand --passphrase-file 'Passphrase for every CA key the command needs (first line of FILE)'
            cand --ca-passphrase-file 'Passphrase of the issuing (or parent) CA''s key'
            cand --new-passphrase-file 'Passphrase for the key being created'
            cand --passphrase-dir 'A directory with one passphrase file per CA name'
            cand --lock-timeout 'How long to wait for the store lock; 0 fails at once [env: PKICTL_LOCK_TIMEOUT] [default: 60s]'
            cand --json 'Machine output: exactly one JSON document on stdout'
            cand --no-color 'Plain output without colour (also NO_COLOR)'
            cand -q 'Only errors on stderr'
            cand --quiet 'Only errors on stderr'
            cand --allow-network-fs 'Allow a store on a network file system (locks and renames may not be reliable)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'pkictl;help'= {
            cand init-ca 'Create a root CA, or an intermediate CA with --parent'
            cand issue 'Generate a key and issue a certificate (or many with --batch)'
            cand sign-csr 'Sign a certificate request made elsewhere (openssl, keytool, Go)'
            cand inspect 'Show certificates, requests, CRLs and keys in plain words'
            cand verify 'Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks'
            cand list 'List the store''s certificates and CAs'
            cand check-expiry 'Find certificates and CRLs that expire soon (the store, or files and directories)'
            cand renew 'Renew certificates: by name, serial, or everything expiring --within a window'
            cand revoke 'Revoke a certificate and re-sign its CA''s CRL'
            cand retire 'Mark a certificate as no longer deployed (not revoked)'
            cand crl 'Re-sign CRLs; --all --out FILE writes every CA''s CRL into one file'
            cand import-ca 'Add a CA certificate without its key, as a trust anchor'
            cand ca 'Manage the store''s CAs'
            cand policy 'Show the effective issuance policy'
            cand audit 'Check the audit log''s hash chain'
            cand doctor 'Check the store and mend what an interrupted run left behind'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'pkictl;help;init-ca'= {
        }
        &'pkictl;help;issue'= {
        }
        &'pkictl;help;sign-csr'= {
        }
        &'pkictl;help;inspect'= {
        }
        &'pkictl;help;verify'= {
        }
        &'pkictl;help;list'= {
        }
        &'pkictl;help;check-expiry'= {
        }
        &'pkictl;help;renew'= {
        }
        &'pkictl;help;revoke'= {
        }
        &'pkictl;help;retire'= {
        }
        &'pkictl;help;crl'= {
        }
        &'pkictl;help;import-ca'= {
        }
        &'pkictl;help;ca'= {
            cand default 'Make a CA the store''s default issuer'
        }
        &'pkictl;help;ca;default'= {
        }
        &'pkictl;help;policy'= {
            cand show 'Print the effective policy (every CA, or one)'
        }
        &'pkictl;help;policy;show'= {
        }
        &'pkictl;help;audit'= {
            cand verify 'Check the hash chain and print its head'
        }
        &'pkictl;help;audit;verify'= {
        }
        &'pkictl;help;doctor'= {
        }
        &'pkictl;help;completions'= {
        }
        &'pkictl;help;help'= {
        }
    ]
    $completions[$command]
}
