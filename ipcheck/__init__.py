"""ipcheck: compliance checklists and self-assessment reports for IP-protection policy."""

__version__ = "0.3.0"
