"""Page script: see views/chat.py."""

from views import chat
from views.common import current_assistant, render_page

render_page(chat.render, current_assistant())
