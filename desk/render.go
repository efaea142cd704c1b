package desk

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/handoff-mcp/handoff-mcp/handoff"
)

// pages parses the desk's page templates once, on the first page served:
// a server over stdio serves none, and parsing them all took a tenth of
// the time to serving. They are embedded, so an error is a programming
// error (every page is rendered by the tests).
var pages = sync.OnceValues(parsePages)

// parsePages parses every page template, each with the layout.
func parsePages() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"t":    func(lang, key string) string { return uiText(lang, key) },
		"tf":   func(lang, key string, args ...any) string { return fmt.Sprintf(uiText(lang, key), args...) },
		"join": strings.Join,
		"time": func(v any) string { return fmt.Sprint(v) },
		"q":    urlQuery,
		"secs": seconds,
		"pct":  func(share float64) string { return fmt.Sprintf("%.0f%%", share*100) },
	}
	pages := map[string]*template.Template{}
	for _, name := range []string{"login", "queue", "conversation", "messages", "analytics"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(pageFS, "web/layout.html", "web/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("desk page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// render writes page name with data.
func (s *Server) render(w http.ResponseWriter, r *http.Request, code int, name, lang string, data map[string]any) {
	data["Lang"] = lang
	data["Page"] = name
	var b bytes.Buffer
	ps, err := pages()
	if err == nil {
		err = ps[name].ExecuteTemplate(&b, "layout", data)
	}
	if err != nil {
		s.log.Error().Err(err).Str("page", name).Msg("rendering desk page")
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(b.Bytes())
}

// page renders a page of a logged-in agent, with the header's counts.
func (s *Server) page(w http.ResponseWriter, r *http.Request, name string, data map[string]any) {
	s.pageStatus(w, r, http.StatusOK, name, data)
}

// pageStatus is page with the status code code.
func (s *Server) pageStatus(w http.ResponseWriter, r *http.Request, code int, name string, data map[string]any) {
	me := current(r)
	n, err := s.waitingCount(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	_, fresh, err := s.offline(r, me.Agent)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data["Me"] = me.Agent
	data["CSRF"] = me.Session.CSRF
	data["Waiting"] = n
	data["NewMessages"] = fresh
	if _, ok := data["Flash"]; !ok {
		data["Flash"] = flash(r)
	}
	data["Analytics"] = s.stats != nil
	s.render(w, r, code, name, me.Lang, data)
}

// fail answers an error: not found and invalid input as such, anything
// else as an internal error (logged, never shown).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case handoff.Is(err, handoff.KindNotFound):
		http.Error(w, err.Error(), http.StatusNotFound)
	case handoff.Is(err, handoff.KindInvalid):
		http.Error(w, err.Error(), http.StatusBadRequest)
	default:
		s.log.Error().Err(err).Str("path", r.URL.Path).Msg("desk request failed")
		http.Error(w, "internal error; the server's log says more", http.StatusInternalServerError)
	}
}

// agentLang chooses the UI language of agent a: ?lang= (kept in a cookie),
// the desk_lang cookie, the agent's first language the desk speaks, then
// the browser's.
func agentLang(w http.ResponseWriter, r *http.Request, a Agent) string {
	if l := r.URL.Query().Get("lang"); uiStrings[l] != nil {
		http.SetCookie(w, &http.Cookie{Name: "desk_lang", Value: l, Path: Path, SameSite: http.SameSiteStrictMode, Secure: secure(r), MaxAge: 365 * 24 * 3600})
		return l
	}
	if c, err := r.Cookie("desk_lang"); err == nil && uiStrings[c.Value] != nil {
		return c.Value
	}
	for _, l := range a.Languages {
		if uiStrings[l] != nil {
			return l
		}
	}
	return pickLang(r)
}

// pickLang chooses the UI language: ?lang=, the desk_lang cookie, then
// the browser's Accept-Language; English otherwise.
func pickLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); uiStrings[l] != nil {
		return l
	}
	if c, err := r.Cookie("desk_lang"); err == nil && uiStrings[c.Value] != nil {
		return c.Value
	}
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		l := handoff.BaseLanguage(strings.TrimSpace(strings.Split(part, ";")[0]))
		if uiStrings[l] != nil {
			return l
		}
	}
	return "en"
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }
