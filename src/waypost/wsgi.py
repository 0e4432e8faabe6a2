import os

from django.core.wsgi import get_wsgi_application

from waypost.conf import private_umask

private_umask()  # before settings create the data directory and the database
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypost.settings")
application = get_wsgi_application()
