# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_pkictl_global_optspecs
    string join \n store= json passphrase-file= ca-passphrase-file= new-passphrase-file= passphrase-dir= pin-file= lock-timeout= no-color q/quiet allow-network-fs h/help V/version
end

function __fish_pkictl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_pkictl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_pkictl_using_subcommand
    set -l cmd (__fish_pkictl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c pkictl -n "__fish_pkictl_needs_command" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_needs_command" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_needs_command" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_needs_command" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_needs_command" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_needs_command" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_needs_command" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_needs_command" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_needs_command" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_needs_command" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_needs_command" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pkictl -n "__fish_pkictl_needs_command" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "init-ca" -d 'Create a root CA, or an intermediate CA with --parent'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "issue" -d 'Generate a key and issue a certificate (or many with --batch)'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "sign-csr" -d 'Sign a certificate request made elsewhere (openssl, keytool, Go)'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "csr" -d 'Make a key and a certificate request (no store needed)'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "inspect" -d 'Show certificates, requests, CRLs and keys in plain words'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "verify" -d 'Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "list" -d 'List the store\'s certificates and CAs'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "check-expiry" -d 'Find certificates and CRLs that expire soon (the store, or files and directories)'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "renew" -d 'Renew certificates: by name, serial, or everything expiring --within a window'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "revoke" -d 'Revoke a certificate and re-sign its CA\'s CRL'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "retire" -d 'Mark a certificate as no longer deployed (not revoked)'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "export" -d 'Export a certificate with its key: PKCS#12, Kubernetes Secret or PEM'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "bundle" -d 'The CA certificates peers trust: PEM, a Java truststore or a Kubernetes ConfigMap'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "crl" -d 'Re-sign CRLs; --all --out FILE writes every CA\'s CRL into one file'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "import-ca" -d 'Add a CA certificate without its key, as a trust anchor'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "ca" -d 'Manage the store\'s CAs'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "policy" -d 'Show the effective issuance policy'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "audit" -d 'Check the audit log\'s hash chain'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "doctor" -d 'Check the store and mend what an interrupted run left behind'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c pkictl -n "__fish_pkictl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l cn -d 'Common name of the CA, e.g. "Example Root CA"' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l org -d 'Organization (O)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l ou -d 'Organizational unit (OU)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l country -d 'Two-letter country code (C)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l key-type -d 'Key type' -r -f -a "ec-p256\t''
ec-p384\t''
ed25519\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l validity -d 'Validity [default: 10y for a root, 5y for an intermediate]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l parent -d 'Create an intermediate signed by this CA of the store' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l path-len -d 'pathLenConstraint [default: 1 for a root, 0 for an intermediate]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l permit-dns -d 'Permit only these DNS names (example.com = apex and subdomains, .example.com = subdomains)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l permit-ip -d 'Permit only these IP ranges (CIDR)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l permit-email -d 'Permit only these email domains (enforced as store policy)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l permit-uri -d 'Permit only URIs with these prefixes (enforced as store policy)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l exclude-dns -d 'Exclude these DNS names' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l exclude-ip -d 'Exclude these IP ranges (CIDR)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l key-uri -d 'Keep the CA key in a PKCS#11 token (RFC 7512, e.g. \'pkcs11:token=ca;object=root\'): generated there, or the existing key it names' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l csr-out -d 'Offline root: create the key and write a certificate request to FILE; the CA stays pending (its signer sets validity, pathLen and name constraints)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l import-cert -d 'Offline root: complete a pending CA with the certificate its root signed' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l set-default -d 'Make this CA the store\'s default issuer'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l no-passphrase -d 'Store the CA key unencrypted (not recommended)'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand init-ca" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l dns -d 'DNS name SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l ip -d 'IP address SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l email -d 'Email address SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l uri -d 'URI SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l spiffe-id -d 'SPIFFE ID (spiffe profile): the certificate\'s only URI SAN' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l cn -d 'Common name [default: NAME]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l subject -d 'Other subject attributes, e.g. "O=Example Inc,OU=Payments"' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l profile -d 'Profile (unset: pkictl.toml\'s profile, else server)' -r -f -a "server\t'TLS server: serverAuth'
client\t'TLS client: clientAuth, no default DNS SAN'
mtls\t'Both ends of mutual TLS: serverAuth and clientAuth'
spiffe\t'A SPIFFE X.509-SVID: exactly one URI SAN, serverAuth and clientAuth'
intermediate-ca\t'An intermediate CA signed from a request (sign-csr only)'"
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l validity -d 'Validity (unset: pkictl.toml\'s validity, else 90d)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l not-after -d 'Exact notAfter (RFC 3339 or Unix time)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l not-before -d 'Exact notBefore (RFC 3339 or Unix time)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l backdate -d 'How far notBefore is set back for clock skew [default: 5m]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l key-type -d 'Key type (unset: pkictl.toml\'s key_type, else ec-p256)' -r -f -a "ec-p256\t''
ec-p384\t''
ed25519\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l ca -d 'Issuing CA (unset: the store\'s default issuer)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l out-dir -l out -d 'Also write the files to DIR (a batch writes DIR/NAME/…)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l batch -d 'Issue every line of FILE (JSON Lines or CSV; - for stdin)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l batch-format -d 'Batch format [default: from the extension]' -r -f -a "jsonl\t''
csv\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l backdate-ok -d 'Allow a notBefore more than 24 hours in the past (--not-before, --backdate)'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l overwrite -d 'Replace existing files under --out-dir'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l no-keep-key -d 'Do not keep the private key in the store (needs --out-dir)'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l supersede -d 'Supersede the name\'s active certificate (without revoking it)'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l if-absent -d 'Succeed without change when an identical certificate is active'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l dry-run -d 'Show what would be issued; decrypt and generate nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l keep-going -d 'Issue the valid lines of a batch even when others fail'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pkictl -n "__fish_pkictl_using_subcommand issue" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l name -d 'The certificate\'s name in the store' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l profile -d 'Profile; intermediate-ca signs an offline intermediate CA (unset: pkictl.toml\'s profile, else server)' -r -f -a "server\t'TLS server: serverAuth'
client\t'TLS client: clientAuth, no default DNS SAN'
mtls\t'Both ends of mutual TLS: serverAuth and clientAuth'
spiffe\t'A SPIFFE X.509-SVID: exactly one URI SAN, serverAuth and clientAuth'
intermediate-ca\t'An intermediate CA signed from a request (sign-csr only)'"
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l validity -d 'Validity [default: 90d; 5y for intermediate-ca]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l not-after -d 'Exact notAfter (RFC 3339 or Unix time)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l ca -d 'Issuing CA [default: the store\'s default issuer]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l cn -d 'Common name instead of the request\'s' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l subject -d 'Subject attributes to add, e.g. "O=Example Inc,OU=Payments"' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l dns -d 'DNS name SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l ip -d 'IP address SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l email -d 'Email address SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l uri -d 'URI SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l spiffe-id -d 'SPIFFE ID (spiffe profile)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l out-dir -d 'Also write the certificate files to DIR' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l path-len -d 'intermediate-ca: pathLenConstraint [default: 0]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l permit-dns -d 'Permit only these DNS names (example.com = apex and subdomains, .example.com = subdomains)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l permit-ip -d 'Permit only these IP ranges (CIDR)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l permit-email -d 'Permit only these email domains (enforced as store policy)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l permit-uri -d 'Permit only URIs with these prefixes (enforced as store policy)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l exclude-dns -d 'Exclude these DNS names' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l exclude-ip -d 'Exclude these IP ranges (CIDR)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l name-from-cn -d 'Name the certificate after the request\'s CN'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l merge-csr-sans -d 'Add the SAN flags to the request\'s SANs instead of replacing them'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l keep-subject -d 'Keep the request\'s O, OU, C, ST, L and STREET (other attributes are always dropped)'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l overwrite -d 'Replace existing files under --out-dir'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l supersede -d 'Supersede the name\'s active certificate'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l if-absent -d 'Succeed without change when an identical certificate is active'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pkictl -n "__fish_pkictl_using_subcommand sign-csr" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l dns -d 'DNS name SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l ip -d 'IP address SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l email -d 'Email address SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l uri -d 'URI SAN (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l cn -d 'Common name [default: NAME]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l subject -d 'Other subject attributes, e.g. "O=Example Inc,OU=Payments"' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l key-type -d 'Key type [default: ec-p256]' -r -f -a "ec-p256\t''
ec-p384\t''
ed25519\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l out-dir -d 'Where NAME.key (0600) and NAME.csr are written' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l overwrite -d 'Replace existing files'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand csr" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l connect -d 'Show the chain a TLS server presents, and judge it' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l servername -d '--connect: the SNI name to send [default: HOST]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l host -d '--connect: the name the certificate must be valid for [default: the server name]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l roots -d '--connect: judge against the roots in FILE instead of the store\'s' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l p12-passphrase-file -d 'The password of PKCS#12 inputs (first line of FILE) [env: PKICTL_P12_PASSPHRASE]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l at -d 'Judge validity at this time instead of now' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l include-pem -d 'Include each object\'s PEM in the output'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l roots -l ca -d 'Trust only the roots in FILE (replaces the store\'s roots)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l trust -d 'Trust these CAs of the store (by name)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l untrusted -d 'More intermediates for path building' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l host -d 'The DNS name or IP address the certificate must be valid for' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l purpose -d 'server, client or any [default: server with --host, else any]' -r -f -a "server\t''
client\t''
any\t'serverAuth or clientAuth'"
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l at -d 'Verify at this time instead of now' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l crl -d 'CRL files (the store\'s own CRLs are always used)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l crl-check -d 'Which certificates are checked against CRLs [default: leaf when a CRL of its issuer is available]' -r -f -a "leaf\t''
all\t''
none\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l max-depth -d 'Allow at most N intermediates' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c pkictl -n "__fish_pkictl_using_subcommand verify" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l status -d 'Which certificates: active (valid or expired), valid, expired, revoked, superseded, retired, all' -r -f -a "active\t''
valid\t''
expired\t''
revoked\t''
superseded\t''
retired\t''
pending\t''
all\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l ca -d 'Only what this CA issued' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l at -d 'Judge expiry at this time instead of now' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand list" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l within -d 'Warning window: a duration (30d) or a share of each certificate\'s lifetime (33%) [default: 30d]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l critical -d 'Critical window [default: the smaller of 7d and --within]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l at -d 'Judge at this time instead of now (RFC 3339 or Unix time)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l exclude -d 'Skip paths (or file names) matching this glob (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l connect -d 'Grade what a live TLS server presents (repeatable); catches "renewed but never reloaded"' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l prometheus -d 'Write a node_exporter textfile (atomically, mode 0644)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l all-certs -d 'Grade every certificate of a file, not only the first'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l nagios -d 'One Nagios/monitoring-plugin status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l problems-only -d 'List only certificates that are not ok (JSON)'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand check-expiry" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l serial -d 'Renew the certificate with this serial (repeatable)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l within -l expiring-within -d 'Renew every active certificate expiring within this window: a duration (30d) or a share of its lifetime left (33%)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l validity -d 'Validity of the successors [default: the predecessor\'s requested validity]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l exec -d 'Run CMD (via /bin/sh -c) once per renewed certificate, after the lock is released' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l post-exec -d 'Run CMD once per run, when anything was renewed' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l exec-timeout -d 'Kill a hook that runs longer than this' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l out-dir -d 'Also write each successor\'s files to DIR/NAME/ (needed for certificates whose key the store does not keep)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l csr -d 'Renew a certificate signed from a request with this new request (PEM or DER)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l reuse-key -d 'Keep the current private key instead of generating a new one'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l revoke-old -d 'Revoke each predecessor (reason superseded) once its hook succeeded'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l dry-run -d 'Show what would be renewed; change nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l exit-code -d 'Exit 1 when nothing was renewed'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l overwrite -d 'Replace existing files under --out-dir'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand renew" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l serial -d 'Revoke the certificate with this serial (any case, colons or 0x allowed)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l reason -d 'Why; key-compromise also revokes every unexpired certificate of the name that shares the key' -r -f -a "unspecified\t''
key-compromise\t''
ca-compromise\t''
affiliation-changed\t''
superseded\t''
cessation-of-operation\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l dry-run -d 'Show what would be revoked; change nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -s y -l yes -d 'Do not ask for confirmation on a terminal'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand revoke" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l serial -d 'Retire the certificate with this serial' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand retire" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l format -d 'pkcs12 (Java, Windows, browsers), k8s-secret (kubernetes.io/tls) or pem (key, certificate, chain)' -r -f -a "pkcs12\t''
k8s-secret\t''
pem\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l out -d 'Output file; - for stdout (needed to print a private key) [default: NAME.p12, NAME.secret.yaml or NAME.pem]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l p12-name -d 'pkcs12: the entry\'s alias (friendly name) [default: NAME]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l p12-passphrase-file -d 'pkcs12: the file\'s password (first line of FILE) [env: PKICTL_P12_PASSPHRASE]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l namespace -d 'k8s-secret: the namespace [default: default]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l secret-name -d 'k8s-secret: the Secret\'s name [default: NAME as a DNS-1123 name]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l overwrite -d 'Replace an existing output file'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l legacy -d 'pkcs12: 3DES and a SHA-1 MAC, for software that cannot read AES-256 (weak)'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand export" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l ca -d 'CAs to include [default: every root of the store]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l format -d 'pem, pkcs12-truststore (Java trustedCertEntry) or k8s-configmap (ca.crt)' -r -f -a "pem\t''
pkcs12-truststore\t''
k8s-configmap\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l out -d 'Output file; - for stdout [default: - for pem and k8s-configmap, truststore.p12]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l p12-passphrase-file -d 'pkcs12-truststore: the file\'s password [env: PKICTL_P12_PASSPHRASE]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l namespace -d 'k8s-configmap: the namespace [default: default]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l configmap-name -d 'k8s-configmap: the ConfigMap\'s name [default: pkictl-ca-bundle]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l with-intermediates -d 'Include intermediates too (with --ca: the CA\'s chain up to its root)'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l overwrite -d 'Replace an existing output file'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand bundle" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l ca -d 'The CA whose CRL is re-signed [default: the default issuer]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l next-update -d 'How long the CRL is valid [default: the CA\'s crl_next_update; 180d root, 7d intermediate]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l out -d 'Also write the CRLs (PEM, concatenated) to FILE, replaced atomically; - for stdout' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l all -d 'Re-sign the CRL of every CA that has its key in the store'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand crl" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l cert -d 'The CA certificate (PEM or DER)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand import-ca" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -f -a "default" -d 'Make a CA the store\'s default issuer'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -f -a "status" -d 'Where every CA stands: validity, key, leaves, CRL, constraints'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -f -a "renew" -d 'Certify a CA\'s key again: new validity and serial, same subject and key; leaves untouched'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -f -a "cross-sign" -d 'Certify a CA\'s key by another CA of the store (a cross certificate)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -f -a "rollover" -d 'Move a CA to a new key in stages: --plan, --start, --reissue, --finish'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and not __fish_seen_subcommand_from default status renew cross-sign rollover help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from default" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l validity -d 'Validity from now [default: the CA\'s current validity period]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l not-after -d 'Exact notAfter (RFC 3339 or Unix time)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l csr-out -d 'Offline parent: write a certificate request for the CA\'s key to FILE (its signer sets the validity)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l import-cert -d 'Offline parent: install the certificate the parent signed for the request' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l dry-run -d 'Show the certificate it would make; change nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from renew" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l by -d 'The CA that signs (its key must be in the store)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l validity -d 'Validity from now [default: until NAME\'s own certificate or BY\'s, whichever ends first]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l not-after -d 'Exact notAfter (RFC 3339 or Unix time)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l dry-run -d 'Show the certificate it would make; change nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from cross-sign" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l key-type -d '--start: key type of the new generation [default: the current one\'s]' -r -f -a "ec-p256\t''
ec-p384\t''
ed25519\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l validity -d '--start: validity of the new generation [default: the current one\'s validity period]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l cn -d '--start: common name of the new generation [default: the current one\'s with " G<n>"]' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l batch-size -d '--reissue: renew at most N leaves per transaction (a failure keeps what came before)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l spread -d '--reissue: scatter the new notAfters over this span so they do not all fall on one day' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l exec -d '--reissue: run CMD after each renewal (as `renew --exec`)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l post-exec -d '--reissue: run CMD once after all renewals (as `renew --post-exec`)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l exec-timeout -d '--reissue: kill a hook that runs longer than this' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l plan -d 'Print the dated steps and what depends on the CA; change nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l start -d 'Create the next generation (a new key); issuance moves to it'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l reissue -d 'Renew the active leaves that still need the old generation'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l finish -d 'Retire the old generation with a final CRL'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l revoke-old -d '--reissue: revoke each old certificate (reason superseded) once its successor is in place'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l force -d '--finish: retire the old generation although leaves still need it'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l no-passphrase -d '--start: store the new key unencrypted'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l dry-run -d 'Show what the step would do; change nothing'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from rollover" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "default" -d 'Make a CA the store\'s default issuer'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "status" -d 'Where every CA stands: validity, key, leaves, CRL, constraints'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "renew" -d 'Certify a CA\'s key again: new validity and serial, same subject and key; leaves untouched'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "cross-sign" -d 'Certify a CA\'s key by another CA of the store (a cross certificate)'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "rollover" -d 'Move a CA to a new key in stages: --plan, --start, --reissue, --finish'
complete -c pkictl -n "__fish_pkictl_using_subcommand ca; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print the effective policy (every CA, or one)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l ca -d 'Only this CA' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l ca-env -r
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l key-type -r -f -a "ec-p256\t''
ec-p384\t''
ed25519\t''
rsa-2048\t''
rsa-3072\t''
rsa-4096\t''"
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l profile -r -f -a "server\t'TLS server: serverAuth'
client\t'TLS client: clientAuth, no default DNS SAN'
mtls\t'Both ends of mutual TLS: serverAuth and clientAuth'
spiffe\t'A SPIFFE X.509-SVID: exactly one URI SAN, serverAuth and clientAuth'
intermediate-ca\t'An intermediate CA signed from a request (sign-csr only)'"
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l validity -r
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the effective policy (every CA, or one)'
complete -c pkictl -n "__fish_pkictl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "verify" -d 'Check the hash chain and print its head'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and not __fish_seen_subcommand_from verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain and print its head'
complete -c pkictl -n "__fish_pkictl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l fix -d 'Mend what can be mended safely'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l store -d 'The CA store directory' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l passphrase-file -d 'Passphrase for every CA key the command needs (first line of FILE)' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l ca-passphrase-file -d 'Passphrase of the issuing (or parent) CA\'s key' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l new-passphrase-file -d 'Passphrase for the key being created' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l passphrase-dir -d 'A directory with one passphrase file per CA name' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l pin-file -d 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]' -r -F
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l lock-timeout -d 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml\'s lock_timeout, else 60s)' -r
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l json -d 'Machine output: exactly one JSON document on stdout'
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l no-color -d 'Plain output without colour (also NO_COLOR)'
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -s q -l quiet -d 'Only errors on stderr'
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -l allow-network-fs -d 'Allow a store on a network file system (locks and renames may not be reliable)'
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -s h -l help -d 'Print help'
complete -c pkictl -n "__fish_pkictl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "init-ca" -d 'Create a root CA, or an intermediate CA with --parent'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "issue" -d 'Generate a key and issue a certificate (or many with --batch)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "sign-csr" -d 'Sign a certificate request made elsewhere (openssl, keytool, Go)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "csr" -d 'Make a key and a certificate request (no store needed)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "inspect" -d 'Show certificates, requests, CRLs and keys in plain words'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "verify" -d 'Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "list" -d 'List the store\'s certificates and CAs'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "check-expiry" -d 'Find certificates and CRLs that expire soon (the store, or files and directories)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "renew" -d 'Renew certificates: by name, serial, or everything expiring --within a window'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "revoke" -d 'Revoke a certificate and re-sign its CA\'s CRL'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "retire" -d 'Mark a certificate as no longer deployed (not revoked)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "export" -d 'Export a certificate with its key: PKCS#12, Kubernetes Secret or PEM'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "bundle" -d 'The CA certificates peers trust: PEM, a Java truststore or a Kubernetes ConfigMap'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "crl" -d 'Re-sign CRLs; --all --out FILE writes every CA\'s CRL into one file'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "import-ca" -d 'Add a CA certificate without its key, as a trust anchor'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "ca" -d 'Manage the store\'s CAs'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "policy" -d 'Show the effective issuance policy'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "audit" -d 'Check the audit log\'s hash chain'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "doctor" -d 'Check the store and mend what an interrupted run left behind'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and not __fish_seen_subcommand_from init-ca issue sign-csr csr inspect verify list check-expiry renew revoke retire export bundle crl import-ca ca policy audit doctor completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "default" -d 'Make a CA the store\'s default issuer'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "status" -d 'Where every CA stands: validity, key, leaves, CRL, constraints'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "renew" -d 'Certify a CA\'s key again: new validity and serial, same subject and key; leaves untouched'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "cross-sign" -d 'Certify a CA\'s key by another CA of the store (a cross certificate)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from ca" -f -a "rollover" -d 'Move a CA to a new key in stages: --plan, --start, --reissue, --finish'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the effective policy (every CA, or one)'
complete -c pkictl -n "__fish_pkictl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the hash chain and print its head'
