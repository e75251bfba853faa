package inputs_test

// This file keeps the secret checks of inputs/secret.go as they were
// before they were made cheaper (commit fce96fe), unchanged but for the
// names: the reference that secret_equiv_test.go and
// FuzzSecretEquivalence hold the fast versions to. Do not edit it to
// follow a change of behaviour; change both on purpose, or drop the
// reference once the fast versions are trusted.

import (
	"regexp"
	"strings"
)

// refRedacted replaces a secret-like value wherever a value must keep its place
// (a command argument, a label).
const refRedacted = "<redacted>"

// refSecretNameParts are name fragments that mark a variable as holding a
// secret (matched on the upper-cased name split at '_', '-' and '.').
var refSecretNameParts = map[string]bool{
	"PASSWORD": true, "PASSWD": true, "PASS": true, "PWD": false, "SECRET": true,
	"SECRETS": true, "TOKEN": true, "TOKENS": true, "APIKEY": true, "PRIVATEKEY": true,
	"CREDENTIAL": true, "CREDENTIALS": true, "CREDS": true, "PASSPHRASE": true,
	"AUTHKEY": true, "BASICAUTH": true, "HTPASSWD": true, "SALT": true, "PEPPER": true, "DSN": true,
	"COOKIE": true, "SESSIONKEY": true, "SIGNINGKEY": true, "ENCRYPTIONKEY": true,
	"SECRETKEY": true, "ACCESSKEY": true, "CLIENTSECRET": true, "JWT": true, "PSK": true,
}

// refSecretNamePairs are two consecutive name parts that together mark a
// secret ("API_KEY", "PRIVATE_KEY", "ACCESS_KEY").
var refSecretNamePairs = map[string]bool{
	"SSH_KEY": true, "TLS_KEY": true, "SSL_KEY": true, "GPG_KEY": true, "PGP_KEY": true,
	"STRIPE_KEY": true, "JWT_KEY": true, "CRYPT_KEY": true, "CIPHER_KEY": true, "WEBHOOK_KEY": true,
	"API_KEY": true, "PRIVATE_KEY": true, "ACCESS_KEY": true, "SECRET_KEY": true,
	"SIGNING_KEY": true, "ENCRYPTION_KEY": true, "MASTER_KEY": true, "LICENSE_KEY": true,
	"SESSION_KEY": true, "AUTH_KEY": true, "CLIENT_KEY": true, "APP_KEY": true, "ACCOUNT_KEY": true,
	"SERVICE_KEY": true, "ADMIN_KEY": true, "ROOT_PASSWORD": true, "SHARED_KEY": true, "HMAC_KEY": true,
}

// refNotSecretSuffixes mark names that mention a secret but hold none
// ("PASSWORD_FILE" names a file, "TOKEN_TTL" a duration).
// "_NAME" and "_SCHEME" name or describe one (FLEET_TOKEN_POLICY_NAME,
// MAILCOW_PASS_SCHEME), and the official database images' switches
// (MYSQL_ALLOW_EMPTY_PASSWORD=yes) are flags.
var refNotSecretSuffixes = []string{"_FILE", "_PATH", "_DIR", "_TTL", "_EXPIRY", "_EXPIRES", "_LENGTH", "_URL_PATH", "_ENABLED", "_REQUIRED", "_POLICY", "_HEADER", "_TYPE", "_METHOD", "_MODE",
	"_NAME", "_SCHEME", "_ALLOW_EMPTY_PASSWORD", "_ALLOW_EMPTY_ROOT_PASSWORD", "_RANDOM_ROOT_PASSWORD", "_ONETIME_PASSWORD"}

// refPlaceholderValues are values no credential has: switches and the
// "unset" spellings (SENTRY_DSN=0, GF_AUTH_DISABLE_LOGIN_FORM=true).
// A secret-looking name with such a value (or a template such as
// <your-API-Key>) is not a secret; a default password such as
// "changeme" still is.
var refPlaceholderValues = map[string]bool{
	"0": true, "1": true, "true": true, "false": true, "yes": true, "no": true,
	"on": true, "off": true, "none": true, "null": true, "nil": true,
}

var refSecretValuePatterns = []*regexp.Regexp{
	// a password inside a URL: scheme://user:pass@host
	regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:[^/\s@]+@`),
	regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY`),
	regexp.MustCompile(`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}`),
	regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{20,}`),
	regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`),
	regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`),
	regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`),
	regexp.MustCompile(`\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}`),
	regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`),
	regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}`),
	regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`),
	regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.`),       // JWT
	regexp.MustCompile(`(?i)\b(?:bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{16,}`), // Authorization header values
}

// refSecretArgPattern finds command-line arguments that carry a secret:
// --password=x, --db-password x is handled by the caller as a pair.
var refSecretArgPattern = regexp.MustCompile(`(?i)^--?([a-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?))(=|$)`)

// refSecretName reports whether a variable name suggests it holds a secret.
func refSecretName(name string) bool {
	up := strings.ToUpper(strings.TrimSpace(name))
	if up == "" {
		return false
	}
	for _, s := range refNotSecretSuffixes {
		if strings.HasSuffix("_"+up, s) {
			return false
		}
	}
	parts := strings.FieldsFunc(up, func(r rune) bool { return r == '_' || r == '-' || r == '.' })
	for i, p := range parts {
		if refSecretNameParts[p] {
			return true
		}
		if p == "AUTH" && i == len(parts)-1 {
			// REDIS_AUTH, BASIC_AUTH hold one; AUTH_MANAGER,
			// GF_AUTH_DISABLE_LOGIN_FORM, AUTH_LDAP_SERVER_URI configure
			// authentication
			return true
		}
		if i > 0 && refSecretNamePairs[parts[i-1]+"_"+p] {
			return true
		}
	}
	// camelCase and run-together names: dbPassword, APIKEY, MYSECRET
	// (but not TOKENIZERS_PARALLELISM).
	up = strings.ReplaceAll(up, "TOKENIZER", "")
	for _, frag := range []string{"PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "PRIVATEKEY", "ACCESSKEY", "CREDENTIAL"} {
		if strings.Contains(up, frag) {
			return true
		}
	}
	return false
}

// refSecretValue reports whether a value has the shape of a credential,
// whatever its name: a password in a URL, a private key, a known token.
func refSecretValue(value string) bool {
	if len(value) < 8 {
		return false
	}
	for _, re := range refSecretValuePatterns {
		if re.MatchString(value) {
			return true
		}
	}
	return false
}

// refSecretLike reports whether a name/value pair must be kept out of the
// document: by its name (when it has a value) or by the value's shape.
func refSecretLike(name, value string) bool {
	return refSecretName(name) && !refPlaceholder(value) || refSecretValue(value)
}

// refPlaceholder reports whether value is one no credential has: a switch or
// an "unset" spelling (quoted or not: the list form SENTRY_DSN="0" keeps
// its quotes), or a template to fill in (<your-API-Key>).
func refPlaceholder(value string) bool {
	v := strings.TrimSpace(value)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	if len(v) > 2 && v[0] == '<' && v[len(v)-1] == '>' && !strings.ContainsAny(v[1:len(v)-1], "<>") {
		return true
	}
	return refPlaceholderValues[strings.ToLower(v)]
}

// refRedactArgs returns args with secret-looking arguments replaced by
// refRedacted: values of --password=..., the argument after --password, and
// any argument whose shape is a credential.
func refRedactArgs(args []string) []string {
	out := make([]string, len(args))
	redactNext := false
	for i, a := range args {
		switch {
		case redactNext:
			out[i] = refRedacted
			redactNext = false
		case refSecretValue(a):
			out[i] = refRedacted
		default:
			out[i] = a
			if m := refSecretArgPattern.FindStringSubmatch(a); m != nil {
				if m[2] == "=" {
					out[i] = a[:strings.Index(a, "=")+1] + refRedacted
				} else {
					redactNext = true
				}
			} else if k, _, ok := strings.Cut(a, "="); ok && refSecretName(k) && !strings.HasPrefix(k, "-") {
				out[i] = k + "=" + refRedacted // PASSWORD=x as a shell word
			}
		}
	}
	return out
}

// refRedactValue returns refRedacted when value looks like a secret under name.
// A comma-separated option list ("addr=fs,username=u,password=p", as in a
// CIFS volume's driver_opts.o) keeps its shape with each secret-named
// option's value replaced.
func refRedactValue(name, value string) string {
	if value != "" && refSecretLike(name, value) {
		return refRedacted
	}
	return refRedactOptionList(value)
}

// refRedactOptionList redacts the values of secret-named key=value items of
// a comma-separated list.
func refRedactOptionList(value string) string {
	if !strings.Contains(value, "=") {
		return value
	}
	items := strings.Split(value, ",")
	changed := false
	for i, item := range items {
		k, v, ok := strings.Cut(item, "=")
		if ok && v != "" && refSecretName(k) {
			items[i] = k + "=" + refRedacted
			changed = true
		}
	}
	if !changed {
		return value
	}
	return strings.Join(items, ",")
}
