"""Page script: see views/sources.py."""

from views import sources
from views.common import current_assistant

sources.render(current_assistant())
