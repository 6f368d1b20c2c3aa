
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'pkictl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'pkictl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'pkictl' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init-ca', 'init-ca', [CompletionResultType]::ParameterValue, 'Create a root CA, or an intermediate CA with --parent')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Generate a key and issue a certificate (or many with --batch)')
            [CompletionResult]::new('sign-csr', 'sign-csr', [CompletionResultType]::ParameterValue, 'Sign a certificate request made elsewhere (openssl, keytool, Go)')
            [CompletionResult]::new('csr', 'csr', [CompletionResultType]::ParameterValue, 'Make a key and a certificate request (no store needed)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show certificates, requests, CRLs and keys in plain words')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the store''s certificates and CAs')
            [CompletionResult]::new('check-expiry', 'check-expiry', [CompletionResultType]::ParameterValue, 'Find certificates and CRLs that expire soon (the store, or files and directories)')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Renew certificates: by name, serial, or everything expiring --within a window')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate and re-sign its CA''s CRL')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Mark a certificate as no longer deployed (not revoked)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a certificate with its key: PKCS#12, Kubernetes Secret or PEM')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'The CA certificates peers trust: PEM, a Java truststore or a Kubernetes ConfigMap')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Re-sign CRLs; --all --out FILE writes every CA''s CRL into one file')
            [CompletionResult]::new('import-ca', 'import-ca', [CompletionResultType]::ParameterValue, 'Add a CA certificate without its key, as a trust anchor')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Manage the store''s CAs')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the effective issuance policy')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check the audit log''s hash chain')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the store and mend what an interrupted run left behind')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;init-ca' {
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'Common name of the CA, e.g. "Example Root CA"')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'Organization (O)')
            [CompletionResult]::new('--ou', '--ou', [CompletionResultType]::ParameterName, 'Organizational unit (OU)')
            [CompletionResult]::new('--country', '--country', [CompletionResultType]::ParameterName, 'Two-letter country code (C)')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity [default: 10y for a root, 5y for an intermediate]')
            [CompletionResult]::new('--parent', '--parent', [CompletionResultType]::ParameterName, 'Create an intermediate signed by this CA of the store')
            [CompletionResult]::new('--path-len', '--path-len', [CompletionResultType]::ParameterName, 'pathLenConstraint [default: 1 for a root, 0 for an intermediate]')
            [CompletionResult]::new('--permit-dns', '--permit-dns', [CompletionResultType]::ParameterName, 'Permit only these DNS names (example.com = apex and subdomains, .example.com = subdomains)')
            [CompletionResult]::new('--permit-ip', '--permit-ip', [CompletionResultType]::ParameterName, 'Permit only these IP ranges (CIDR)')
            [CompletionResult]::new('--permit-email', '--permit-email', [CompletionResultType]::ParameterName, 'Permit only these email domains (enforced as store policy)')
            [CompletionResult]::new('--permit-uri', '--permit-uri', [CompletionResultType]::ParameterName, 'Permit only URIs with these prefixes (enforced as store policy)')
            [CompletionResult]::new('--exclude-dns', '--exclude-dns', [CompletionResultType]::ParameterName, 'Exclude these DNS names')
            [CompletionResult]::new('--exclude-ip', '--exclude-ip', [CompletionResultType]::ParameterName, 'Exclude these IP ranges (CIDR)')
            [CompletionResult]::new('--key-uri', '--key-uri', [CompletionResultType]::ParameterName, 'Keep the CA key in a PKCS#11 token (RFC 7512, e.g. ''pkcs11:token=ca;object=root''): generated there, or the existing key it names')
            [CompletionResult]::new('--csr-out', '--csr-out', [CompletionResultType]::ParameterName, 'Offline root: create the key and write a certificate request to FILE; the CA stays pending (its signer sets validity, pathLen and name constraints)')
            [CompletionResult]::new('--import-cert', '--import-cert', [CompletionResultType]::ParameterName, 'Offline root: complete a pending CA with the certificate its root signed')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--set-default', '--set-default', [CompletionResultType]::ParameterName, 'Make this CA the store''s default issuer')
            [CompletionResult]::new('--no-passphrase', '--no-passphrase', [CompletionResultType]::ParameterName, 'Store the CA key unencrypted (not recommended)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;issue' {
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'DNS name SAN (repeatable)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'IP address SAN (repeatable)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email address SAN (repeatable)')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'URI SAN (repeatable)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID (spiffe profile): the certificate''s only URI SAN')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'Common name [default: NAME]')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Other subject attributes, e.g. "O=Example Inc,OU=Payments"')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile (unset: pkictl.toml''s profile, else server)')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity (unset: pkictl.toml''s validity, else 90d)')
            [CompletionResult]::new('--not-after', '--not-after', [CompletionResultType]::ParameterName, 'Exact notAfter (RFC 3339 or Unix time)')
            [CompletionResult]::new('--not-before', '--not-before', [CompletionResultType]::ParameterName, 'Exact notBefore (RFC 3339 or Unix time)')
            [CompletionResult]::new('--backdate', '--backdate', [CompletionResultType]::ParameterName, 'How far notBefore is set back for clock skew [default: 5m]')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type (unset: pkictl.toml''s key_type, else ec-p256)')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Issuing CA (unset: the store''s default issuer)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Also write the files to DIR (a batch writes DIR/NAME/…)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Also write the files to DIR (a batch writes DIR/NAME/…)')
            [CompletionResult]::new('--batch', '--batch', [CompletionResultType]::ParameterName, 'Issue every line of FILE (JSON Lines or CSV; - for stdin)')
            [CompletionResult]::new('--batch-format', '--batch-format', [CompletionResultType]::ParameterName, 'Batch format [default: from the extension]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--backdate-ok', '--backdate-ok', [CompletionResultType]::ParameterName, 'Allow a notBefore more than 24 hours in the past (--not-before, --backdate)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing files under --out-dir')
            [CompletionResult]::new('--no-keep-key', '--no-keep-key', [CompletionResultType]::ParameterName, 'Do not keep the private key in the store (needs --out-dir)')
            [CompletionResult]::new('--supersede', '--supersede', [CompletionResultType]::ParameterName, 'Supersede the name''s active certificate (without revoking it)')
            [CompletionResult]::new('--if-absent', '--if-absent', [CompletionResultType]::ParameterName, 'Succeed without change when an identical certificate is active')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be issued; decrypt and generate nothing')
            [CompletionResult]::new('--keep-going', '--keep-going', [CompletionResultType]::ParameterName, 'Issue the valid lines of a batch even when others fail')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;sign-csr' {
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'The certificate''s name in the store')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Profile; intermediate-ca signs an offline intermediate CA (unset: pkictl.toml''s profile, else server)')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity [default: 90d; 5y for intermediate-ca]')
            [CompletionResult]::new('--not-after', '--not-after', [CompletionResultType]::ParameterName, 'Exact notAfter (RFC 3339 or Unix time)')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Issuing CA [default: the store''s default issuer]')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'Common name instead of the request''s')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Subject attributes to add, e.g. "O=Example Inc,OU=Payments"')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'DNS name SAN (repeatable)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'IP address SAN (repeatable)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email address SAN (repeatable)')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'URI SAN (repeatable)')
            [CompletionResult]::new('--spiffe-id', '--spiffe-id', [CompletionResultType]::ParameterName, 'SPIFFE ID (spiffe profile)')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Also write the certificate files to DIR')
            [CompletionResult]::new('--path-len', '--path-len', [CompletionResultType]::ParameterName, 'intermediate-ca: pathLenConstraint [default: 0]')
            [CompletionResult]::new('--permit-dns', '--permit-dns', [CompletionResultType]::ParameterName, 'Permit only these DNS names (example.com = apex and subdomains, .example.com = subdomains)')
            [CompletionResult]::new('--permit-ip', '--permit-ip', [CompletionResultType]::ParameterName, 'Permit only these IP ranges (CIDR)')
            [CompletionResult]::new('--permit-email', '--permit-email', [CompletionResultType]::ParameterName, 'Permit only these email domains (enforced as store policy)')
            [CompletionResult]::new('--permit-uri', '--permit-uri', [CompletionResultType]::ParameterName, 'Permit only URIs with these prefixes (enforced as store policy)')
            [CompletionResult]::new('--exclude-dns', '--exclude-dns', [CompletionResultType]::ParameterName, 'Exclude these DNS names')
            [CompletionResult]::new('--exclude-ip', '--exclude-ip', [CompletionResultType]::ParameterName, 'Exclude these IP ranges (CIDR)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--name-from-cn', '--name-from-cn', [CompletionResultType]::ParameterName, 'Name the certificate after the request''s CN')
            [CompletionResult]::new('--merge-csr-sans', '--merge-csr-sans', [CompletionResultType]::ParameterName, 'Add the SAN flags to the request''s SANs instead of replacing them')
            [CompletionResult]::new('--keep-subject', '--keep-subject', [CompletionResultType]::ParameterName, 'Keep the request''s O, OU, C, ST, L and STREET (other attributes are always dropped)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing files under --out-dir')
            [CompletionResult]::new('--supersede', '--supersede', [CompletionResultType]::ParameterName, 'Supersede the name''s active certificate')
            [CompletionResult]::new('--if-absent', '--if-absent', [CompletionResultType]::ParameterName, 'Succeed without change when an identical certificate is active')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;csr' {
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'DNS name SAN (repeatable)')
            [CompletionResult]::new('--ip', '--ip', [CompletionResultType]::ParameterName, 'IP address SAN (repeatable)')
            [CompletionResult]::new('--email', '--email', [CompletionResultType]::ParameterName, 'Email address SAN (repeatable)')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'URI SAN (repeatable)')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, 'Common name [default: NAME]')
            [CompletionResult]::new('--subject', '--subject', [CompletionResultType]::ParameterName, 'Other subject attributes, e.g. "O=Example Inc,OU=Payments"')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'Key type [default: ec-p256]')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Where NAME.key (0600) and NAME.csr are written')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing files')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;inspect' {
            [CompletionResult]::new('--connect', '--connect', [CompletionResultType]::ParameterName, 'Show the chain a TLS server presents, and judge it')
            [CompletionResult]::new('--servername', '--servername', [CompletionResultType]::ParameterName, '--connect: the SNI name to send [default: HOST]')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, '--connect: the name the certificate must be valid for [default: the server name]')
            [CompletionResult]::new('--roots', '--roots', [CompletionResultType]::ParameterName, '--connect: judge against the roots in FILE instead of the store''s')
            [CompletionResult]::new('--p12-passphrase-file', '--p12-passphrase-file', [CompletionResultType]::ParameterName, 'The password of PKCS#12 inputs (first line of FILE) [env: PKICTL_P12_PASSPHRASE]')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge validity at this time instead of now')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--include-pem', '--include-pem', [CompletionResultType]::ParameterName, 'Include each object''s PEM in the output')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;verify' {
            [CompletionResult]::new('--roots', '--roots', [CompletionResultType]::ParameterName, 'Trust only the roots in FILE (replaces the store''s roots)')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Trust only the roots in FILE (replaces the store''s roots)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Trust these CAs of the store (by name)')
            [CompletionResult]::new('--untrusted', '--untrusted', [CompletionResultType]::ParameterName, 'More intermediates for path building')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'The DNS name or IP address the certificate must be valid for')
            [CompletionResult]::new('--purpose', '--purpose', [CompletionResultType]::ParameterName, 'server, client or any [default: server with --host, else any]')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Verify at this time instead of now')
            [CompletionResult]::new('--crl', '--crl', [CompletionResultType]::ParameterName, 'CRL files (the store''s own CRLs are always used)')
            [CompletionResult]::new('--crl-check', '--crl-check', [CompletionResultType]::ParameterName, 'Which certificates are checked against CRLs [default: leaf when a CRL of its issuer is available]')
            [CompletionResult]::new('--max-depth', '--max-depth', [CompletionResultType]::ParameterName, 'Allow at most N intermediates')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;list' {
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Which certificates: active (valid or expired), valid, expired, revoked, superseded, retired, all')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Only what this CA issued')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge expiry at this time instead of now')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;check-expiry' {
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Warning window: a duration (30d) or a share of each certificate''s lifetime (33%) [default: 30d]')
            [CompletionResult]::new('--critical', '--critical', [CompletionResultType]::ParameterName, 'Critical window [default: the smaller of 7d and --within]')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Judge at this time instead of now (RFC 3339 or Unix time)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths (or file names) matching this glob (repeatable)')
            [CompletionResult]::new('--connect', '--connect', [CompletionResultType]::ParameterName, 'Grade what a live TLS server presents (repeatable); catches "renewed but never reloaded"')
            [CompletionResult]::new('--prometheus', '--prometheus', [CompletionResultType]::ParameterName, 'Write a node_exporter textfile (atomically, mode 0644)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--all-certs', '--all-certs', [CompletionResultType]::ParameterName, 'Grade every certificate of a file, not only the first')
            [CompletionResult]::new('--nagios', '--nagios', [CompletionResultType]::ParameterName, 'One Nagios/monitoring-plugin status line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN')
            [CompletionResult]::new('--problems-only', '--problems-only', [CompletionResultType]::ParameterName, 'List only certificates that are not ok (JSON)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;renew' {
            [CompletionResult]::new('--serial', '--serial', [CompletionResultType]::ParameterName, 'Renew the certificate with this serial (repeatable)')
            [CompletionResult]::new('--within', '--within', [CompletionResultType]::ParameterName, 'Renew every active certificate expiring within this window: a duration (30d) or a share of its lifetime left (33%)')
            [CompletionResult]::new('--expiring-within', '--expiring-within', [CompletionResultType]::ParameterName, 'Renew every active certificate expiring within this window: a duration (30d) or a share of its lifetime left (33%)')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity of the successors [default: the predecessor''s requested validity]')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, 'Run CMD (via /bin/sh -c) once per renewed certificate, after the lock is released')
            [CompletionResult]::new('--post-exec', '--post-exec', [CompletionResultType]::ParameterName, 'Run CMD once per run, when anything was renewed')
            [CompletionResult]::new('--exec-timeout', '--exec-timeout', [CompletionResultType]::ParameterName, 'Kill a hook that runs longer than this')
            [CompletionResult]::new('--out-dir', '--out-dir', [CompletionResultType]::ParameterName, 'Also write each successor''s files to DIR/NAME/ (needed for certificates whose key the store does not keep)')
            [CompletionResult]::new('--csr', '--csr', [CompletionResultType]::ParameterName, 'Renew a certificate signed from a request with this new request (PEM or DER)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--reuse-key', '--reuse-key', [CompletionResultType]::ParameterName, 'Keep the current private key instead of generating a new one')
            [CompletionResult]::new('--revoke-old', '--revoke-old', [CompletionResultType]::ParameterName, 'Revoke each predecessor (reason superseded) once its hook succeeded')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be renewed; change nothing')
            [CompletionResult]::new('--exit-code', '--exit-code', [CompletionResultType]::ParameterName, 'Exit 1 when nothing was renewed')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace existing files under --out-dir')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;revoke' {
            [CompletionResult]::new('--serial', '--serial', [CompletionResultType]::ParameterName, 'Revoke the certificate with this serial (any case, colons or 0x allowed)')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why; key-compromise also revokes every unexpired certificate of the name that shares the key')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be revoked; change nothing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation on a terminal')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation on a terminal')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;retire' {
            [CompletionResult]::new('--serial', '--serial', [CompletionResultType]::ParameterName, 'Retire the certificate with this serial')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'pkcs12 (Java, Windows, browsers), k8s-secret (kubernetes.io/tls) or pem (key, certificate, chain)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Output file; - for stdout (needed to print a private key) [default: NAME.p12, NAME.secret.yaml or NAME.pem]')
            [CompletionResult]::new('--p12-name', '--p12-name', [CompletionResultType]::ParameterName, 'pkcs12: the entry''s alias (friendly name) [default: NAME]')
            [CompletionResult]::new('--p12-passphrase-file', '--p12-passphrase-file', [CompletionResultType]::ParameterName, 'pkcs12: the file''s password (first line of FILE) [env: PKICTL_P12_PASSPHRASE]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'k8s-secret: the namespace [default: default]')
            [CompletionResult]::new('--secret-name', '--secret-name', [CompletionResultType]::ParameterName, 'k8s-secret: the Secret''s name [default: NAME as a DNS-1123 name]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace an existing output file')
            [CompletionResult]::new('--legacy', '--legacy', [CompletionResultType]::ParameterName, 'pkcs12: 3DES and a SHA-1 MAC, for software that cannot read AES-256 (weak)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;bundle' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'CAs to include [default: every root of the store]')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'pem, pkcs12-truststore (Java trustedCertEntry) or k8s-configmap (ca.crt)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Output file; - for stdout [default: - for pem and k8s-configmap, truststore.p12]')
            [CompletionResult]::new('--p12-passphrase-file', '--p12-passphrase-file', [CompletionResultType]::ParameterName, 'pkcs12-truststore: the file''s password [env: PKICTL_P12_PASSPHRASE]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'k8s-configmap: the namespace [default: default]')
            [CompletionResult]::new('--configmap-name', '--configmap-name', [CompletionResultType]::ParameterName, 'k8s-configmap: the ConfigMap''s name [default: pkictl-ca-bundle]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--with-intermediates', '--with-intermediates', [CompletionResultType]::ParameterName, 'Include intermediates too (with --ca: the CA''s chain up to its root)')
            [CompletionResult]::new('--overwrite', '--overwrite', [CompletionResultType]::ParameterName, 'Replace an existing output file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;crl' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'The CA whose CRL is re-signed [default: the default issuer]')
            [CompletionResult]::new('--next-update', '--next-update', [CompletionResultType]::ParameterName, 'How long the CRL is valid [default: the CA''s crl_next_update; 180d root, 7d intermediate]')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Also write the CRLs (PEM, concatenated) to FILE, replaced atomically; - for stdout')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Re-sign the CRL of every CA that has its key in the store')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;import-ca' {
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'The CA certificate (PEM or DER)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;ca' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make a CA the store''s default issuer')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where every CA stands: validity, key, leaves, CRL, constraints')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Certify a CA''s key again: new validity and serial, same subject and key; leaves untouched')
            [CompletionResult]::new('cross-sign', 'cross-sign', [CompletionResultType]::ParameterValue, 'Certify a CA''s key by another CA of the store (a cross certificate)')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Move a CA to a new key in stages: --plan, --start, --reissue, --finish')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;ca;default' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;ca;status' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;ca;renew' {
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity from now [default: the CA''s current validity period]')
            [CompletionResult]::new('--not-after', '--not-after', [CompletionResultType]::ParameterName, 'Exact notAfter (RFC 3339 or Unix time)')
            [CompletionResult]::new('--csr-out', '--csr-out', [CompletionResultType]::ParameterName, 'Offline parent: write a certificate request for the CA''s key to FILE (its signer sets the validity)')
            [CompletionResult]::new('--import-cert', '--import-cert', [CompletionResultType]::ParameterName, 'Offline parent: install the certificate the parent signed for the request')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the certificate it would make; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;ca;cross-sign' {
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'The CA that signs (its key must be in the store)')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'Validity from now [default: until NAME''s own certificate or BY''s, whichever ends first]')
            [CompletionResult]::new('--not-after', '--not-after', [CompletionResultType]::ParameterName, 'Exact notAfter (RFC 3339 or Unix time)')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the certificate it would make; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;ca;rollover' {
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, '--start: key type of the new generation [default: the current one''s]')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, '--start: validity of the new generation [default: the current one''s validity period]')
            [CompletionResult]::new('--cn', '--cn', [CompletionResultType]::ParameterName, '--start: common name of the new generation [default: the current one''s with " G<n>"]')
            [CompletionResult]::new('--batch-size', '--batch-size', [CompletionResultType]::ParameterName, '--reissue: renew at most N leaves per transaction (a failure keeps what came before)')
            [CompletionResult]::new('--spread', '--spread', [CompletionResultType]::ParameterName, '--reissue: scatter the new notAfters over this span so they do not all fall on one day')
            [CompletionResult]::new('--exec', '--exec', [CompletionResultType]::ParameterName, '--reissue: run CMD after each renewal (as `renew --exec`)')
            [CompletionResult]::new('--post-exec', '--post-exec', [CompletionResultType]::ParameterName, '--reissue: run CMD once after all renewals (as `renew --post-exec`)')
            [CompletionResult]::new('--exec-timeout', '--exec-timeout', [CompletionResultType]::ParameterName, '--reissue: kill a hook that runs longer than this')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--plan', '--plan', [CompletionResultType]::ParameterName, 'Print the dated steps and what depends on the CA; change nothing')
            [CompletionResult]::new('--start', '--start', [CompletionResultType]::ParameterName, 'Create the next generation (a new key); issuance moves to it')
            [CompletionResult]::new('--reissue', '--reissue', [CompletionResultType]::ParameterName, 'Renew the active leaves that still need the old generation')
            [CompletionResult]::new('--finish', '--finish', [CompletionResultType]::ParameterName, 'Retire the old generation with a final CRL')
            [CompletionResult]::new('--revoke-old', '--revoke-old', [CompletionResultType]::ParameterName, '--reissue: revoke each old certificate (reason superseded) once its successor is in place')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, '--finish: retire the old generation although leaves still need it')
            [CompletionResult]::new('--no-passphrase', '--no-passphrase', [CompletionResultType]::ParameterName, '--start: store the new key unencrypted')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what the step would do; change nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;ca;help' {
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make a CA the store''s default issuer')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where every CA stands: validity, key, leaves, CRL, constraints')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Certify a CA''s key again: new validity and serial, same subject and key; leaves untouched')
            [CompletionResult]::new('cross-sign', 'cross-sign', [CompletionResultType]::ParameterValue, 'Certify a CA''s key by another CA of the store (a cross certificate)')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Move a CA to a new key in stages: --plan, --start, --reissue, --finish')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;ca;help;default' {
            break
        }
        'pkictl;ca;help;status' {
            break
        }
        'pkictl;ca;help;renew' {
            break
        }
        'pkictl;ca;help;cross-sign' {
            break
        }
        'pkictl;ca;help;rollover' {
            break
        }
        'pkictl;ca;help;help' {
            break
        }
        'pkictl;policy' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective policy (every CA, or one)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;policy;show' {
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'Only this CA')
            [CompletionResult]::new('--ca-env', '--ca-env', [CompletionResultType]::ParameterName, 'ca-env')
            [CompletionResult]::new('--key-type', '--key-type', [CompletionResultType]::ParameterName, 'key-type')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'profile')
            [CompletionResult]::new('--validity', '--validity', [CompletionResultType]::ParameterName, 'validity')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;policy;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective policy (every CA, or one)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;policy;help;show' {
            break
        }
        'pkictl;policy;help;help' {
            break
        }
        'pkictl;audit' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain and print its head')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;audit;verify' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;audit;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain and print its head')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;audit;help;verify' {
            break
        }
        'pkictl;audit;help;help' {
            break
        }
        'pkictl;doctor' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Mend what can be mended safely')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;completions' {
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'The CA store directory')
            [CompletionResult]::new('--passphrase-file', '--passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for every CA key the command needs (first line of FILE)')
            [CompletionResult]::new('--ca-passphrase-file', '--ca-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase of the issuing (or parent) CA''s key')
            [CompletionResult]::new('--new-passphrase-file', '--new-passphrase-file', [CompletionResultType]::ParameterName, 'Passphrase for the key being created')
            [CompletionResult]::new('--passphrase-dir', '--passphrase-dir', [CompletionResultType]::ParameterName, 'A directory with one passphrase file per CA name')
            [CompletionResult]::new('--pin-file', '--pin-file', [CompletionResultType]::ParameterName, 'User PIN of the PKCS#11 token holding a CA key (first line of FILE) [env: PKICTL_PKCS11_PIN]')
            [CompletionResult]::new('--lock-timeout', '--lock-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the store lock; 0 fails at once (unset: pkictl.toml''s lock_timeout, else 60s)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: exactly one JSON document on stdout')
            [CompletionResult]::new('--no-color', '--no-color', [CompletionResultType]::ParameterName, 'Plain output without colour (also NO_COLOR)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Only errors on stderr')
            [CompletionResult]::new('--allow-network-fs', '--allow-network-fs', [CompletionResultType]::ParameterName, 'Allow a store on a network file system (locks and renames may not be reliable)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'pkictl;help' {
            [CompletionResult]::new('init-ca', 'init-ca', [CompletionResultType]::ParameterValue, 'Create a root CA, or an intermediate CA with --parent')
            [CompletionResult]::new('issue', 'issue', [CompletionResultType]::ParameterValue, 'Generate a key and issue a certificate (or many with --batch)')
            [CompletionResult]::new('sign-csr', 'sign-csr', [CompletionResultType]::ParameterValue, 'Sign a certificate request made elsewhere (openssl, keytool, Go)')
            [CompletionResult]::new('csr', 'csr', [CompletionResultType]::ParameterValue, 'Make a key and a certificate request (no store needed)')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show certificates, requests, CRLs and keys in plain words')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify certificate chains as a TLS stack does, plus strict RFC 5280 checks')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the store''s certificates and CAs')
            [CompletionResult]::new('check-expiry', 'check-expiry', [CompletionResultType]::ParameterValue, 'Find certificates and CRLs that expire soon (the store, or files and directories)')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Renew certificates: by name, serial, or everything expiring --within a window')
            [CompletionResult]::new('revoke', 'revoke', [CompletionResultType]::ParameterValue, 'Revoke a certificate and re-sign its CA''s CRL')
            [CompletionResult]::new('retire', 'retire', [CompletionResultType]::ParameterValue, 'Mark a certificate as no longer deployed (not revoked)')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Export a certificate with its key: PKCS#12, Kubernetes Secret or PEM')
            [CompletionResult]::new('bundle', 'bundle', [CompletionResultType]::ParameterValue, 'The CA certificates peers trust: PEM, a Java truststore or a Kubernetes ConfigMap')
            [CompletionResult]::new('crl', 'crl', [CompletionResultType]::ParameterValue, 'Re-sign CRLs; --all --out FILE writes every CA''s CRL into one file')
            [CompletionResult]::new('import-ca', 'import-ca', [CompletionResultType]::ParameterValue, 'Add a CA certificate without its key, as a trust anchor')
            [CompletionResult]::new('ca', 'ca', [CompletionResultType]::ParameterValue, 'Manage the store''s CAs')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'Show the effective issuance policy')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Check the audit log''s hash chain')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the store and mend what an interrupted run left behind')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'pkictl;help;init-ca' {
            break
        }
        'pkictl;help;issue' {
            break
        }
        'pkictl;help;sign-csr' {
            break
        }
        'pkictl;help;csr' {
            break
        }
        'pkictl;help;inspect' {
            break
        }
        'pkictl;help;verify' {
            break
        }
        'pkictl;help;list' {
            break
        }
        'pkictl;help;check-expiry' {
            break
        }
        'pkictl;help;renew' {
            break
        }
        'pkictl;help;revoke' {
            break
        }
        'pkictl;help;retire' {
            break
        }
        'pkictl;help;export' {
            break
        }
        'pkictl;help;bundle' {
            break
        }
        'pkictl;help;crl' {
            break
        }
        'pkictl;help;import-ca' {
            break
        }
        'pkictl;help;ca' {
            [CompletionResult]::new('default', 'default', [CompletionResultType]::ParameterValue, 'Make a CA the store''s default issuer')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Where every CA stands: validity, key, leaves, CRL, constraints')
            [CompletionResult]::new('renew', 'renew', [CompletionResultType]::ParameterValue, 'Certify a CA''s key again: new validity and serial, same subject and key; leaves untouched')
            [CompletionResult]::new('cross-sign', 'cross-sign', [CompletionResultType]::ParameterValue, 'Certify a CA''s key by another CA of the store (a cross certificate)')
            [CompletionResult]::new('rollover', 'rollover', [CompletionResultType]::ParameterValue, 'Move a CA to a new key in stages: --plan, --start, --reissue, --finish')
            break
        }
        'pkictl;help;ca;default' {
            break
        }
        'pkictl;help;ca;status' {
            break
        }
        'pkictl;help;ca;renew' {
            break
        }
        'pkictl;help;ca;cross-sign' {
            break
        }
        'pkictl;help;ca;rollover' {
            break
        }
        'pkictl;help;policy' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Print the effective policy (every CA, or one)')
            break
        }
        'pkictl;help;policy;show' {
            break
        }
        'pkictl;help;audit' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain and print its head')
            break
        }
        'pkictl;help;audit;verify' {
            break
        }
        'pkictl;help;doctor' {
            break
        }
        'pkictl;help;completions' {
            break
        }
        'pkictl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
