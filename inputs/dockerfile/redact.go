package dockerfile

import (
	"regexp"
	"strings"

	"github.com/dockpol/dockpol/inputs"
)

// urlPassword matches the password of a URL's user information
// (scheme://user:PASSWORD@host): only the password is replaced, so a rule
// still sees the scheme and host of ADD https://user:pw@host/file.
var urlPassword = regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]*:)[^/\s@]+(@)`)

// userinfo matches the user information of a URL (scheme://user:pw@).
var userinfo = regexp.MustCompile(`(://)[^/\s@]*@`)

// maskURLPassword replaces the password of every URL in s.
func maskURLPassword(s string) string {
	return urlPassword.ReplaceAllString(s, "${1}"+inputs.Redacted+"${2}")
}

// onlyURLPassword reports whether the only secret shape in s is the
// password of a URL, so masking that password is enough.
func onlyURLPassword(s string) bool {
	return urlPassword.MatchString(s) && !inputs.SecretValue(userinfo.ReplaceAllString(s, "${1}"))
}

// redactArgs returns args (an exec-form command, COPY sources, ...) with
// secret-looking arguments replaced as inputs.RedactArgs does; a URL with
// a password keeps its shape with only the password replaced.
func redactArgs(args []string) []string {
	out := inputs.RedactArgs(args)
	for i, a := range args {
		if out[i] == inputs.Redacted && onlyURLPassword(a) {
			out[i] = maskURLPassword(a)
		}
	}
	return out
}

// word is one shell word of a script: its text as written (quotes
// included) at [start, end), and its value with the quotes removed.
type word struct {
	start, end int
	value      string
	op         bool // a control operator: ; | & && || ( ) or a newline
}

// shellWords splits a shell script into words and control operators, as
// far as a policy needs: quotes and backslashes group characters, $(...)
// and `...` are not parsed (their words are split like any other).
func shellWords(s string) []word {
	var out []word
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')':
			j := i + 1
			if j < len(s) && (c == '|' || c == '&') && s[j] == c {
				j++
			}
			out = append(out, word{start: i, end: j, value: s[i:j], op: true})
			i = j
		case c == ' ' || c == '\t' || c == '\r':
			i++
		case c == '#' && (i == 0 || strings.ContainsRune(" \t\n;|&(", rune(s[i-1]))):
			// a comment runs to the end of the line
			for i < len(s) && s[i] != '\n' {
				i++
			}
		default:
			start := i
			var v strings.Builder
			for i < len(s) {
				c := s[i]
				if strings.IndexByte(" \t\r\n;|&()", c) >= 0 {
					break
				}
				switch c {
				case '\\':
					if i+1 < len(s) {
						v.WriteByte(s[i+1])
						i += 2
						continue
					}
					i++
				case '\'', '"':
					j := i + 1
					for j < len(s) && s[j] != c {
						if c == '"' && s[j] == '\\' && j+1 < len(s) {
							j++
						}
						j++
					}
					v.WriteString(s[i+1 : min(j, len(s))])
					i = min(j+1, len(s))
				default:
					v.WriteByte(c)
					i++
				}
			}
			out = append(out, word{start: start, end: i, value: v.String()})
		}
	}
	return out
}

// valuelessSecretFlag matches options named after a secret that take no
// value.
var valuelessSecretFlag = regexp.MustCompile(`^--(disabled|no|ask|prompt|skip|empty|random|generate)-?(password|passwd|secret|token)s?$`)

// identifier matches a bare variable or option name (aws_secret_access_key).
var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// userPass matches a user:password pair as chpasswd reads it.
var userPass = regexp.MustCompile(`^[^\s:/=$]+:[^\s]+$`)

// redactScript returns a shell script (a RUN command line or heredoc) with
// the secrets it may carry replaced by inputs.Redacted, keeping everything
// else as written so rules can still read the commands:
//   - what inputs.RedactArgs replaces: --password=x, --token x, NAME=x for
//     secret-like names, values shaped like credentials;
//   - the value after a bare secret-like name (aws configure set
//     aws_secret_access_key VALUE, npm config set //host/:_authToken VALUE);
//   - the value after -p of a login command (docker login, az login) and
//     after -t of doctl, -pSECRET of the mysql clients, -p of useradd and
//     usermod (a password hash), curl -u user:password;
//   - user:password pairs in a script that runs chpasswd;
//   - the password of a URL (https://user:PASSWORD@host).
func redactScript(s string) string {
	words := shellWords(s)
	values := make([]string, 0, len(words))
	idx := make([]int, 0, len(words)) // position in words of each value
	for i, w := range words {
		if !w.op {
			values = append(values, w.value)
			idx = append(idx, i)
		}
	}
	// options that take no value but whose names look like a secret's
	// (adduser --disabled-password): hide them from RedactArgs, which
	// would redact the word after them
	neutral := map[int]bool{}
	for k, v := range values {
		if valuelessSecretFlag.MatchString(v) {
			neutral[k] = true
			values[k] = "--x"
		}
	}
	red := inputs.RedactArgs(values)
	for k := range neutral {
		values[k], red[k] = words[idx[k]].value, words[idx[k]].value
	}
	replace := map[int]string{} // index in words -> replacement text
	for k, v := range red {
		if v != values[k] {
			replace[idx[k]] = v
		}
	}
	chpasswd := strings.Contains(s, "chpasswd")
	// per simple command: the words between operators
	cmdStart := 0
	for i := 0; i <= len(words); i++ {
		if i < len(words) && !words[i].op {
			continue
		}
		redactCommand(words[cmdStart:i], cmdStart, replace, chpasswd)
		cmdStart = i + 1
	}
	if len(replace) == 0 {
		return maskURLPassword(s)
	}
	var b strings.Builder
	last := 0
	for i, w := range words {
		r, ok := replace[i]
		if !ok {
			continue
		}
		b.WriteString(s[last:w.start])
		if r != inputs.Redacted && strings.Contains(r, inputs.Redacted) {
			b.WriteString(r) // --password=<redacted>
		} else if onlyURLPassword(w.value) {
			b.WriteString(maskURLPassword(s[w.start:w.end]))
		} else {
			b.WriteString(r)
		}
		last = w.end
	}
	b.WriteString(s[last:])
	return maskURLPassword(b.String())
}

// redactCommand adds the replacements of one simple command (words
// without operators; base is the index of its first word).
func redactCommand(words []word, base int, replace map[int]string, chpasswd bool) {
	if len(words) == 0 {
		return
	}
	has := func(name string) bool {
		for _, w := range words {
			if w.value == name {
				return true
			}
		}
		return false
	}
	cmdName := words[0].value
	if i := strings.LastIndexByte(cmdName, '/'); i >= 0 {
		cmdName = cmdName[i+1:]
	}
	login := has("login")
	for i, w := range words {
		v := w.value
		next := i+1 < len(words)
		switch {
		case !strings.HasPrefix(v, "-") && !strings.Contains(v, "=") && secretKeyWord(v) && next:
			replace[base+i+1] = inputs.Redacted
		case v == "-p" && next && (login || cmdName == "useradd" || cmdName == "usermod"):
			replace[base+i+1] = inputs.Redacted
		case (v == "-u" || v == "--user" || v == "-U" || v == "--proxy-user") && next && cmdName == "curl" && strings.Contains(words[i+1].value, ":"):
			replace[base+i+1] = inputs.Redacted // curl -u user:password
		case (v == "-t" || v == "--access-token") && next && has("doctl"):
			replace[base+i+1] = inputs.Redacted
		case strings.HasPrefix(v, "-p") && len(v) > 2 && strings.HasPrefix(cmdName, "mysql"):
			replace[base+i] = "-p" + inputs.Redacted
		case chpasswd && i > 0 && userPass.MatchString(v) && !strings.Contains(v, "://"):
			replace[base+i] = inputs.Redacted
		}
	}
}

// secretKeyWord reports whether a bare word names a secret whose value
// follows it: an identifier written as a key (aws_secret_access_key,
// API_TOKEN), or the key after the last ':' of an npm registry setting
// (//registry.npmjs.org/:_authToken). Paths (/run/secrets/token) name
// files, not values.
func secretKeyWord(v string) bool {
	if strings.Contains(v, "/") {
		i := strings.LastIndexByte(v, ':')
		if i < 0 {
			return false
		}
		v = v[i+1:]
	}
	// lower-case words without an underscore are commands and package
	// names (passwd, libsecret-1-dev), not keys
	if !strings.Contains(v, "_") && strings.ToUpper(v) != v {
		return false
	}
	return identifier.MatchString(v) && inputs.SecretName(v)
}
