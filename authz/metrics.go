package authz

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the plugin's Prometheus metrics, on a registry of their own.
type Metrics struct {
	registry  *prometheus.Registry
	decisions *prometheus.CounterVec
	findings  *prometheus.CounterVec
	latency   prometheus.Histogram
	reloads   *prometheus.CounterVec
}

// NewMetrics registers the metrics; log may be nil.
func NewMetrics(log *DecisionLog) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		decisions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockpol_authz_decisions_total",
			Help: "Authorization decisions by result: allow, deny, audit_deny (allowed by audit mode), error (failed closed).",
		}, []string{"result"}),
		findings: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockpol_authz_findings_total",
			Help: "Findings in authorization decisions by rule and action.",
		}, []string{"rule", "action"}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "dockpol_authz_decision_seconds",
			Help:    "Time to decide one request, decoding and evaluation included.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .025, .1, .5, 2},
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "dockpol_authz_reloads_total",
			Help: "Policy reloads by result (ok, error).",
		}, []string{"result"}),
	}
	m.registry.MustRegister(m.decisions, m.findings, m.latency, m.reloads,
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "dockpol_authz_decision_log_dropped_total",
			Help: "Decision log records dropped (queue full or write failed).",
		}, func() float64 { return float64(log.Dropped()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "dockpol_authz_decision_log_written_total",
			Help: "Decision log records written.",
		}, func() float64 { return float64(log.Written()) }),
	)
	return m
}

func (m *Metrics) observe(rec Record) {
	if m == nil {
		return
	}
	result := "allow"
	switch {
	case rec.Failed && !rec.Allow:
		result = "error"
	case !rec.Allow:
		result = "deny"
	case rec.WouldDeny:
		result = "audit_deny"
	}
	m.decisions.WithLabelValues(result).Inc()
	for _, f := range rec.Findings {
		m.findings.WithLabelValues(f.ID, f.Action).Inc()
	}
	m.latency.Observe(rec.Latency.Seconds())
}

func (m *Metrics) reloaded(ok bool) {
	if m == nil {
		return
	}
	if ok {
		m.reloads.WithLabelValues("ok").Inc()
	} else {
		m.reloads.WithLabelValues("error").Inc()
	}
}

// Handler serves /metrics and /health: 200 while a policy is active, 503
// before.
func (m *Metrics) Handler(d *Decider) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/health", func(w http.ResponseWriter, _ *http.Request) {
		if p := d.Policy(); p != nil {
			fmt.Fprintf(w, "ok %s\n", p.Revision)
			return
		}
		http.Error(w, "no policy active", http.StatusServiceUnavailable)
	})
	return mux
}

// CheckLoopback refuses a metrics address that is not on the loopback
// interface: the metrics name rules and users.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("metrics address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("metrics address %q: want a loopback address such as 127.0.0.1:9464", addr)
	}
	return nil
}
