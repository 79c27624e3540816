"""Page script: see views/meeting.py."""

from views import meeting
from views.common import current_assistant

meeting.render(current_assistant())
