"""Flask extensions, created once and bound to the app in factcheck.web.register."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf import CSRFProtect

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log in to see that page."
login_manager.session_protection = "basic"

csrf = CSRFProtect()

# No default limits: only failed logins are counted (see web/auth.py).
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)

