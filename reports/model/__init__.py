"""The report model: runs, findings, scope, PCI DSS requirement rows, trend, waivers, sampling."""
