"""The eleven categories, and the situation entry points editors start from (they edit them in the admin)."""

from django.db import migrations

from directory.categories import CATEGORIES

SITUATIONS = [
    {
        "slug": "fukugo",
        "name": "複合的な課題",
        "prompt": "家族のことで困りごとがいくつも重なっている",
        "explanation": "お金、介護、子育て、病気など、困りごとが重なっていても大丈夫です。"
        "重層的支援体制整備事業では、ひとつの窓口で話を受け止め、必要な機関が集まって役割を分け、"
        "世帯全体をチームで支えます（多機関協働）。",
        "categories": ["keizai", "koreisha", "shogai", "kodomo", "hikikomori"],
        "order": 1,
    },
    {
        "slug": "8050",
        "name": "8050問題",
        "prompt": "高齢の親と、働いていない子どもが一緒に暮らしている",
        "explanation": "80代の親と50代の子の世帯のように、介護とひきこもり、生活費の心配が同時にある状況です。"
        "親の介護の相談先と、子ども本人の相談先が連携して支援します。",
        "categories": ["koreisha", "hikikomori", "keizai"],
        "order": 2,
    },
    {
        "slug": "young-carer",
        "name": "ヤングケアラー",
        "prompt": "子どもが家族の世話や家事を担っている",
        "explanation": "本来大人が担う家事や家族の世話を日常的に行っている子どもや若者のことです。"
        "学校や子育ての窓口に相談でき、家族への支援にもつなぎます。",
        "categories": ["kodomo"],
        "order": 3,
    },
    {
        "slug": "double-care",
        "name": "ダブルケア",
        "prompt": "子育てと親の介護が同時に重なっている",
        "explanation": "子育てと介護を同時に担っている状態です。子育ての窓口と介護の窓口のどちらに相談しても、"
        "両方の支援につながります。",
        "categories": ["kodomo", "koreisha"],
        "order": 4,
    },
    {
        "slug": "hikikomori",
        "name": "ひきこもり",
        "prompt": "家から出られない家族がいる",
        "explanation": "家族だけで抱え込まずに相談してください。訪問による支援（アウトリーチ）や、"
        "社会とのつながりを少しずつ取り戻す参加支援があります。",
        "categories": ["hikikomori"],
        "order": 5,
    },
    {
        "slug": "money",
        "name": "お金の困りごと",
        "prompt": "お金のことで困っている",
        "explanation": "借金、生活費、家賃や税金の支払いなど、お金の心配は早めに相談すると選べる方法が増えます。",
        "categories": ["keizai", "shigoto", "sumai"],
        "order": 6,
    },
]


def forwards(apps, schema_editor):
    Category = apps.get_model("directory", "Category")
    Situation = apps.get_model("directory", "Situation")
    for category in CATEGORIES:
        Category.objects.update_or_create(
            slug=category.slug, defaults={"name": category.name, "icon": category.icon, "order": category.order}
        )
    for data in SITUATIONS:
        data = dict(data)
        slugs = data.pop("categories")
        situation, _created = Situation.objects.update_or_create(slug=data["slug"], defaults=data)
        situation.categories.set(Category.objects.filter(slug__in=slugs))


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
