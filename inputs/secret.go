package inputs

import (
	"bytes"
	"math/bits"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Redacted replaces a secret-like value wherever a value must keep its place
// (a command argument, a label).
const Redacted = "<redacted>"

// secretNameParts are name fragments that mark a variable as holding a
// secret (matched on the upper-cased name split at '_', '-' and '.').
var secretNameParts = map[string]bool{
	"PASSWORD": true, "PASSWD": true, "PASS": true, "PWD": false, "SECRET": true,
	"SECRETS": true, "TOKEN": true, "TOKENS": true, "APIKEY": true, "PRIVATEKEY": true,
	"CREDENTIAL": true, "CREDENTIALS": true, "CREDS": true, "PASSPHRASE": true,
	"AUTHKEY": true, "BASICAUTH": true, "HTPASSWD": true, "SALT": true, "PEPPER": true, "DSN": true,
	"COOKIE": true, "SESSIONKEY": true, "SIGNINGKEY": true, "ENCRYPTIONKEY": true,
	"SECRETKEY": true, "ACCESSKEY": true, "CLIENTSECRET": true, "JWT": true, "PSK": true,
}

// secretNamePairs are two consecutive name parts that together mark a
// secret ("API_KEY", "PRIVATE_KEY", "ACCESS_KEY").
var secretNamePairs = map[string]bool{
	"SSH_KEY": true, "TLS_KEY": true, "SSL_KEY": true, "GPG_KEY": true, "PGP_KEY": true,
	"STRIPE_KEY": true, "JWT_KEY": true, "CRYPT_KEY": true, "CIPHER_KEY": true, "WEBHOOK_KEY": true,
	"API_KEY": true, "PRIVATE_KEY": true, "ACCESS_KEY": true, "SECRET_KEY": true,
	"SIGNING_KEY": true, "ENCRYPTION_KEY": true, "MASTER_KEY": true, "LICENSE_KEY": true,
	"SESSION_KEY": true, "AUTH_KEY": true, "CLIENT_KEY": true, "APP_KEY": true, "ACCOUNT_KEY": true,
	"SERVICE_KEY": true, "ADMIN_KEY": true, "ROOT_PASSWORD": true, "SHARED_KEY": true, "HMAC_KEY": true,
}

// notSecretSuffixes mark names that mention a secret but hold none
// ("PASSWORD_FILE" names a file, "TOKEN_TTL" a duration).
// "_NAME" and "_SCHEME" name or describe one (FLEET_TOKEN_POLICY_NAME,
// MAILCOW_PASS_SCHEME), and the official database images' switches
// (MYSQL_ALLOW_EMPTY_PASSWORD=yes) are flags.
var notSecretSuffixes = []string{"_FILE", "_PATH", "_DIR", "_TTL", "_EXPIRY", "_EXPIRES", "_LENGTH", "_URL_PATH", "_ENABLED", "_REQUIRED", "_POLICY", "_HEADER", "_TYPE", "_METHOD", "_MODE",
	"_NAME", "_SCHEME", "_ALLOW_EMPTY_PASSWORD", "_ALLOW_EMPTY_ROOT_PASSWORD", "_RANDOM_ROOT_PASSWORD", "_ONETIME_PASSWORD"}

// placeholderValues are values no credential has: switches and the
// "unset" spellings (SENTRY_DSN=0, GF_AUTH_DISABLE_LOGIN_FORM=true).
// A secret-looking name with such a value (or a template such as
// <your-API-Key>) is not a secret; a default password such as
// "changeme" still is.
var placeholderValues = map[string]bool{
	"0": true, "1": true, "true": true, "false": true, "yes": true, "no": true,
	"on": true, "off": true, "none": true, "null": true, "nil": true,
}

// secretValuePatterns are the shapes of a credential. Each holds
// literals of which a value must contain one for its regexp to match
// (SecretValue runs a regexp only on values that do: most values hold
// none), so a pattern added here needs its literals too (the
// equivalence tests of secret_equiv_test.go hold SecretValue to the plain
// loop over every regexp).
var secretValuePatterns = []valuePattern{
	// a password inside a URL: scheme://user:pass@host
	{re: regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:[^/\s@]+@`), lits: []string{"://"}, then: '@'},
	{re: regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY`), lits: []string{"-----BEGIN "}},
	{re: regexp.MustCompile(`\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}`), lits: []string{"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}},
	{re: regexp.MustCompile(`\bgithub_pat_[A-Za-z0-9_]{20,}`), lits: []string{"github_pat_"}},
	{re: regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`), lits: []string{"glpat-"}},
	{re: regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`), lits: []string{"xox"}},
	{re: regexp.MustCompile(`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`), lits: []string{"AKIA", "ASIA"}},
	{re: regexp.MustCompile(`\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}`), lits: []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_"}},
	{re: regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}`), lits: []string{"AIza"}},
	{re: regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}`), lits: []string{"npm_"}},
	{re: regexp.MustCompile(`\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}`), lits: []string{"SG."}},
	// a JWT
	{re: regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.`), lits: []string{"eyJ"}},
	// an Authorization header's value
	{re: regexp.MustCompile(`(?i)\b(?:bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{16,}`), lits: []string{"bearer", "basic", "token"}, fold: true},
}

// valuePattern is a credential shape: a regexp, and the literals one of
// which any value it matches contains.
type valuePattern struct {
	re *regexp.Regexp
	// lits are ASCII; fold says re is case-insensitive, so a literal
	// may appear in any ASCII case, and re runs on every value holding a
	// non-ASCII byte (Go folds k to the Kelvin sign K and s to the long
	// s ſ, which no ASCII literal test sees).
	lits []string
	fold bool
	// then, when not 0, is a byte that follows the literal somewhere.
	then byte
}

// litStart maps a byte to the patterns (bit i for secretValuePatterns[i])
// one of whose literals starts with it; foldPatterns are the patterns
// with fold set.
var litStart, foldPatterns = literalTable(secretValuePatterns)

func literalTable(ps []valuePattern) (table [utf8.RuneSelf]uint32, fold uint32) {
	if len(ps) > 32 {
		panic("inputs: more than 32 secret value patterns")
	}
	for i, p := range ps {
		if p.fold {
			fold |= 1 << i
		}
		for _, l := range p.lits {
			c := l[0]
			table[c] |= 1 << i
			if p.fold {
				table[lowerASCII(c)] |= 1 << i
				table[upperASCII(c)] |= 1 << i
			}
		}
	}
	return table, fold
}

// at reports whether one of p's literals starts at v[i:] (and p.then
// follows it: lastThen is the last index of p.then in v, looked up once
// per value so that many literals without it cost no quadratic time).
func (p *valuePattern) at(v string, i int, lastThen *int) bool {
	for _, l := range p.lits {
		if len(v)-i < len(l) {
			continue
		}
		s := v[i : i+len(l)]
		if p.fold && !strings.EqualFold(s, l) || !p.fold && s != l {
			continue
		}
		if p.then == 0 {
			return true
		}
		if *lastThen == unknownIndex {
			*lastThen = strings.LastIndexByte(v, p.then)
		}
		if *lastThen >= i+len(l) {
			return true
		}
	}
	return false
}

const unknownIndex = -2

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func upperASCII(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

// secretArgPattern finds command-line arguments that carry a secret:
// --password=x, --db-password x is handled by the caller as a pair.
var secretArgPattern = regexp.MustCompile(`(?i)^--?([a-z0-9_.-]*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key|credentials?))(=|$)`)

// secretArgWords are literals one of which (in any ASCII case) an
// argument secretArgPattern matches contains; it can only match one that
// starts with '-'.
var secretArgWords = []string{"passw", "secret", "token", "key", "credential"}

// maybeSecretArg reports whether secretArgPattern may match a: it is
// run only then.
func maybeSecretArg(a string) bool {
	if a == "" || a[0] != '-' {
		return false
	}
	if !isASCII(a) {
		return true // (?i) folds k and s to non-ASCII letters
	}
	for _, w := range secretArgWords {
		if containsFoldASCII(a, w) {
			return true
		}
	}
	return false
}

// containsFoldASCII reports whether s holds lower (lower-case ASCII) in
// any ASCII case.
func containsFoldASCII(s, lower string) bool {
	for i := 0; i+len(lower) <= len(s); i++ {
		if lowerASCII(s[i]) == lower[0] && strings.EqualFold(s[i:i+len(lower)], lower) {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// secretPairsBySecond is secretNamePairs by second part, then first,
// so that SecretName looks a pair up without joining its parts.
var secretPairsBySecond = func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for pair, ok := range secretNamePairs {
		first, second, _ := strings.Cut(pair, "_")
		if out[second] == nil {
			out[second] = map[string]bool{}
		}
		out[second][first] = ok
	}
	return out
}()

// secretNameFragments are the fragments that mark a camelCase or
// run-together name (dbPassword, APIKEY, MYSECRET).
var secretNameFragments = [][]byte{[]byte("PASSWORD"), []byte("PASSWD"), []byte("SECRET"), []byte("TOKEN"), []byte("APIKEY"), []byte("PRIVATEKEY"), []byte("ACCESSKEY"), []byte("CREDENTIAL")}

var tokenizer = []byte("TOKENIZER")

// notSecretSuffixParts are notSecretSuffixes without their leading '_',
// by last byte.
var notSecretSuffixParts = func() (out [256][][]byte) {
	for _, s := range notSecretSuffixes {
		if len(s) < 2 || s[0] != '_' {
			panic("inputs: a notSecretSuffixes entry does not start with _")
		}
		out[s[len(s)-1]] = append(out[s[len(s)-1]], []byte(s[1:]))
	}
	return out
}()

// SecretName reports whether a variable name suggests it holds a secret.
func SecretName(name string) bool {
	name = strings.TrimSpace(name)
	if name == "" {
		return false
	}
	// upper-case into a buffer on the stack: SecretName runs on every
	// label and option key, most of them lower case
	var buf [64]byte
	var up []byte
	if len(name) <= len(buf) && isASCII(name) {
		up = buf[:len(name)]
		for i := 0; i < len(name); i++ {
			up[i] = upperASCII(name[i])
		}
	} else {
		up = []byte(strings.ToUpper(name))
	}
	for _, s := range notSecretSuffixParts[up[len(up)-1]] {
		// strings.HasSuffix("_"+up, "_"+s)
		if bytes.HasSuffix(up, s) && (len(up) == len(s) || up[len(up)-len(s)-1] == '_') {
			return false
		}
	}
	// the parts of up split at '_', '-' and '.' (strings.FieldsFunc: no
	// empty parts); these bytes never occur inside a multi-byte rune
	prev := []byte(nil)
	for i := 0; i < len(up); {
		for i < len(up) && nameSep(up[i]) {
			i++
		}
		if i == len(up) {
			break
		}
		start := i
		for i < len(up) && !nameSep(up[i]) {
			i++
		}
		p := up[start:i]
		if secretNameParts[string(p)] {
			return true
		}
		if string(p) == "AUTH" && lastPart(up[i:]) {
			// REDIS_AUTH, BASIC_AUTH hold one; AUTH_MANAGER,
			// GF_AUTH_DISABLE_LOGIN_FORM, AUTH_LDAP_SERVER_URI configure
			// authentication
			return true
		}
		if prev != nil && secretPairsBySecond[string(p)][string(prev)] {
			return true
		}
		prev = p
	}
	// camelCase and run-together names: dbPassword, APIKEY, MYSECRET
	// (but not TOKENIZERS_PARALLELISM).
	if bytes.Contains(up, tokenizer) {
		up = bytes.ReplaceAll(up, tokenizer, nil)
	}
	for _, frag := range secretNameFragments {
		if bytes.Contains(up, frag) {
			return true
		}
	}
	return false
}

func nameSep(c byte) bool { return c == '_' || c == '-' || c == '.' }

// lastPart reports whether rest, what follows a part, holds no other.
func lastPart(rest []byte) bool {
	for _, c := range rest {
		if !nameSep(c) {
			return false
		}
	}
	return true
}

// SecretValue reports whether a value has the shape of a credential,
// whatever its name: a password in a URL, a private key, a known token.
func SecretValue(value string) bool {
	if len(value) < 8 {
		return false
	}
	// one pass over the value finds the patterns whose literals it holds
	var candidates uint32
	var lastThen [32]int
	for i := range secretValuePatterns {
		lastThen[i] = unknownIndex
	}
	for i := 0; i < len(value); i++ {
		c := value[i]
		if c >= utf8.RuneSelf {
			candidates |= foldPatterns
			continue
		}
		for m := litStart[c] &^ candidates; m != 0; m &= m - 1 {
			j := bits.TrailingZeros32(m)
			if secretValuePatterns[j].at(value, i, &lastThen[j]) {
				candidates |= 1 << j
			}
		}
	}
	for ; candidates != 0; candidates &= candidates - 1 {
		if secretValuePatterns[bits.TrailingZeros32(candidates)].re.MatchString(value) {
			return true
		}
	}
	return false
}

// SecretLike reports whether a name/value pair must be kept out of the
// document: by its name (when it has a value) or by the value's shape.
func SecretLike(name, value string) bool {
	return SecretName(name) && !placeholder(value) || SecretValue(value)
}

// maxPlaceholderLen is the length of the longest placeholderValues key.
var maxPlaceholderLen = func() int {
	n := 0
	for v := range placeholderValues {
		n = max(n, len(v))
	}
	return n
}()

// placeholder reports whether value is one no credential has: a switch or
// an "unset" spelling (quoted or not: the list form SENTRY_DSN="0" keeps
// its quotes), or a template to fill in (<your-API-Key>).
func placeholder(value string) bool {
	v := strings.TrimSpace(value)
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = strings.TrimSpace(v[1 : len(v)-1])
	}
	if len(v) > 2 && v[0] == '<' && v[len(v)-1] == '>' && !strings.ContainsAny(v[1:len(v)-1], "<>") {
		return true
	}
	var buf [16]byte
	if len(v) > len(buf) || !isASCII(v) {
		// strings.ToLower may change the length of non-ASCII text
		return placeholderValues[strings.ToLower(v)]
	}
	if len(v) > maxPlaceholderLen {
		return false
	}
	for i := 0; i < len(v); i++ {
		buf[i] = lowerASCII(v[i])
	}
	return placeholderValues[string(buf[:len(v)])]
}

// RedactArgs returns args with secret-looking arguments replaced by
// Redacted: values of --password=..., the argument after --password, and
// any argument whose shape is a credential.
func RedactArgs(args []string) []string {
	out := make([]string, len(args))
	redactNext := false
	for i, a := range args {
		out[i], redactNext = redactArg(a, redactNext)
	}
	return out
}

// RedactArgList is inputs.StringList(RedactArgs(args)) with one
// allocation less.
func RedactArgList(args []string) []any {
	out := make([]any, len(args))
	redactNext := false
	for i, a := range args {
		out[i], redactNext = redactArg(a, redactNext)
	}
	return out
}

// redactArg returns a, or a with its secret redacted, and whether the
// next argument is a secret (a follows --password).
func redactArg(a string, redactNext bool) (string, bool) {
	switch {
	case redactNext:
		return Redacted, false
	case SecretValue(a):
		return Redacted, false
	}
	if maybeSecretArg(a) {
		if m := secretArgPattern.FindStringSubmatchIndex(a); m != nil {
			if m[5] > m[4] { // "="
				return a[:strings.IndexByte(a, '=')+1] + Redacted, false
			}
			return a, true
		}
	}
	if k, _, ok := strings.Cut(a, "="); ok && !strings.HasPrefix(k, "-") && SecretName(k) {
		return k + "=" + Redacted, false // PASSWORD=x as a shell word
	}
	return a, false
}

// RedactValue returns Redacted when value looks like a secret under name.
// A comma-separated option list ("addr=fs,username=u,password=p", as in a
// CIFS volume's driver_opts.o) keeps its shape with each secret-named
// option's value replaced.
func RedactValue(name, value string) string {
	if value != "" && SecretLike(name, value) {
		return Redacted
	}
	return redactOptionList(value)
}

// redactOptionList redacts the values of secret-named key=value items of
// a comma-separated list.
func redactOptionList(value string) string {
	if !strings.Contains(value, "=") || !hasSecretOption(value) {
		return value
	}
	items := strings.Split(value, ",")
	for i, item := range items {
		k, v, ok := strings.Cut(item, "=")
		if ok && v != "" && SecretName(k) {
			items[i] = k + "=" + Redacted
		}
	}
	return strings.Join(items, ",")
}

// hasSecretOption reports whether redactOptionList changes value.
func hasSecretOption(value string) bool {
	for rest, more := value, true; more; {
		var item string
		item, rest, more = strings.Cut(rest, ",")
		if k, v, ok := strings.Cut(item, "="); ok && v != "" && SecretName(k) {
			return true
		}
	}
	return false
}
