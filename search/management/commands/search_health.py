import json

from django.core.management.base import BaseCommand, CommandError

from search.engines import get_engine
from search.vocabulary import get_vocabulary


class Command(BaseCommand):
    help = "Report the search engine's health (documents by kind, index state) and the vocabulary size."

    def add_arguments(self, parser):
        parser.add_argument("--engine", help="dotted path of another engine class to check")

    def handle(self, *args, engine=None, **options):
        health = get_engine(engine).health()
        vocabulary = get_vocabulary()
        health["vocabulary_concepts"] = len(vocabulary)
        health["vocabulary_problems"] = vocabulary.problems
        self.stdout.write(json.dumps(health, ensure_ascii=False, indent=2, default=str))
        if not health.get("ok"):
            raise CommandError("search engine is not healthy")
