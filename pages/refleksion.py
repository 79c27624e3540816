"""Page script: see views/reflection.py."""

from views import reflection
from views.common import current_assistant

reflection.render(current_assistant())
