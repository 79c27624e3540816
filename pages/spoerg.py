"""Page script: see views/chat.py."""

from views import chat
from views.common import current_assistant

chat.render(current_assistant())
