"""Page script: see views/intro.py."""

from views import intro
from views.common import current_assistant

intro.render(current_assistant())
