"""Demo: information points at Agadez bus station and in Tripoli, services in Agadez and
Tripoli, articles in English, French, Spanish, Arabic and Tigrinya (one of them past its
review date, so it shows as stale), and feedback waiting for moderation.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from waypost.demo import DemoContext
from waypost.info import services
from waypost.info.models import Article, InformationPoint
from waypost.screening import services as screening_services

AGADEZ = (16.9733, 7.9911)
TRIPOLI = (32.8872, 13.1913)

RIGHTS = {
    "en": {
        "title": "Your rights on the move",
        "summary": "Whatever your papers, you have rights: to life, to health care in an emergency, to ask for asylum, and not to be sent back to danger.",
        "body": "Whatever your papers, you have human rights.\n\nYou may ask for asylum at a border or inside the country. Nobody may send you back to a place where you risk persecution, torture or serious harm.\n\nChildren travelling alone are protected as children first. Ask an information point for a guardian.",
    },
    "fr": {
        "title": "Vos droits pendant le voyage",
        "summary": "Quels que soient vos papiers, vous avez des droits : à la vie, aux soins d'urgence, à demander l'asile, et à ne pas être renvoyé vers le danger.",
        "body": "Quels que soient vos papiers, vous avez des droits humains.\n\nVous pouvez demander l'asile à une frontière ou dans le pays. Personne ne peut vous renvoyer là où vous risquez la persécution, la torture ou des atteintes graves.\n\nLes enfants qui voyagent seuls sont d'abord protégés comme enfants.",
    },
    "es": {
        "title": "Tus derechos en el camino",
        "summary": "Sean cuales sean tus papeles, tienes derechos: a la vida, a la atención médica urgente, a pedir asilo y a no ser devuelto al peligro.",
        "body": "Sean cuales sean tus papeles, tienes derechos humanos.\n\nPuedes pedir asilo en una frontera o dentro del país. Nadie puede devolverte a un lugar donde corras riesgo de persecución, tortura o daños graves.",
    },
    "ar": {
        "title": "حقوقك أثناء الرحلة",
        "summary": "مهما كانت أوراقك، لك حقوق: الحق في الحياة، وفي الرعاية الصحية الطارئة، وفي طلب اللجوء، وألا تُعاد إلى الخطر.",
        "body": "مهما كانت أوراقك، لك حقوق الإنسان.\n\nيمكنك طلب اللجوء على الحدود أو داخل البلد. لا يجوز لأحد أن يعيدك إلى مكان تتعرض فيه للاضطهاد أو التعذيب أو الأذى الجسيم.",
    },
    "ti": {
        "title": "መሰላትካ ኣብ ጉዕዞ",
        "summary": "ሰነዳትካ ዝኾነ ይኹን፡ መሰላት ኣለዉኻ፡ ናይ ህይወት፡ ህጹጽ ሕክምና፡ ዑቕባ ምሕታት።",
        "body": "ሰነዳትካ ዝኾነ ይኹን፡ ሰብኣዊ መሰላት ኣለዉኻ።\n\nኣብ ዶብ ወይ ኣብ ውሽጢ ሃገር ዑቕባ ክትሓትት ትኽእል ኢኻ። ሓደ እኳ ናብ ሓደጋ ክመልሰካ ኣይክእልን።",
    },
}

MISSING = {
    "en": {
        "title": "If you have lost contact with a relative",
        "summary": "Family tracing services look for missing relatives for free; they never pass what you tell them to the police.",
        "body": "Go to an information point and ask for family tracing. You will be asked about your relative; what you say stays with the tracing service.",
    },
    "ar": {
        "title": "إذا فقدت الاتصال بأحد أقاربك",
        "summary": "تبحث خدمات البحث عن المفقودين مجانًا، ولا تنقل ما تقوله إلى الشرطة أبدًا.",
        "body": "توجّه إلى نقطة معلومات واطلب خدمة البحث عن الأسر. ما تقوله يبقى لدى خدمة البحث.",
    },
    "fr": {
        "title": "Si vous avez perdu le contact avec un proche",
        "summary": "Les services de recherche de proches cherchent gratuitement ; ils ne transmettent jamais ce que vous dites à la police.",
        "body": "Allez à un point d'information et demandez la recherche de proches. On vous posera des questions sur votre proche ; ce que vous dites reste au service de recherche.",
    },
    "es": {
        "title": "Si has perdido el contacto con un familiar",
        "summary": "Los servicios de búsqueda de familiares buscan gratis; nunca pasan a la policía lo que les cuentas.",
        "body": "Ve a un punto de información y pide la búsqueda de familiares. Te preguntarán por tu familiar; lo que digas se queda en el servicio de búsqueda.",
    },
    "ti": {
        "title": "ምስ ቤተሰብካ ርክብ እንተ ተቋሪጹ",
        "summary": "ኣገልግሎት ምድላይ ስድራቤት ብነጻ እዩ።",
        "body": "ናብ ቦታ ሓበሬታ ኪድ እሞ ምድላይ ስድራቤት ሕተት።",
    },
}

ABUSE = {
    "en": {
        "title": "How to report abuse safely",
        "summary": "You can report abuse without an account or your name; only the organisation you choose reads it, never the police or border authorities.",
        "body": "Use the confidential reporting form. You receive a receipt code to follow your report; keep it safe.",
    },
    "fr": {
        "title": "Signaler un abus en sécurité",
        "summary": "Vous pouvez signaler un abus sans compte ni nom ; seule l'organisation choisie le lit, jamais la police ni les gardes-frontières.",
        "body": "Utilisez le formulaire de signalement confidentiel. Vous recevez un code de reçu pour suivre votre signalement.",
    },
    "es": {
        "title": "Cómo denunciar un abuso con seguridad",
        "summary": "Puedes denunciar un abuso sin cuenta ni nombre; solo la organización que elijas lo lee, nunca la policía ni la guardia de fronteras.",
        "body": "Usa el formulario de denuncia confidencial. Recibirás un código de recibo para seguir tu denuncia; guárdalo bien.",
    },
    "ar": {
        "title": "كيف تبلغ عن انتهاك بأمان",
        "summary": "يمكنك الإبلاغ عن انتهاك من دون حساب أو اسم؛ لا تقرؤه إلا المنظمة التي تختارها، ولا تصل إليه الشرطة أو حرس الحدود أبدًا.",
        "body": "استخدم استمارة الإبلاغ السرية. ستحصل على رمز إيصال لمتابعة بلاغك؛ احتفظ به في مكان آمن.",
    },
}

RETURN = {
    "en": {
        "title": "Going home safely",
        "body": "Assisted voluntary return: what to ask, who pays, what happens on arrival.",
    },
    "fr": {
        "title": "Rentrer chez soi en sécurité",
        "body": "Le retour volontaire assisté : quoi demander, qui paie, ce qui se passe à l'arrivée.",
    },
    "es": {
        "title": "Volver a casa con seguridad",
        "body": "El retorno voluntario asistido: qué preguntar, quién paga, qué ocurre a la llegada.",
    },
    "ar": {
        "title": "العودة إلى الوطن بأمان",
        "body": "العودة الطوعية المدعومة: ماذا تسأل، ومن يدفع، وماذا يحدث عند الوصول.",
    },
}


def load(context: DemoContext) -> None:
    ngo = context.organisations["tracing-ngo"]
    if InformationPoint.objects.filter(organisation=ngo).exists():
        return
    context.progress("Adding demo information points, services and articles…")
    office = context.organisations["international"]
    today = timezone.localdate()
    agadez_clinic = screening_services.service_create(
        actor=None,
        organisation=office,
        names={
            "en": "Agadez migrant health post",
            "fr": "Poste de santé des migrants d'Agadez",
            "es": "Puesto de salud para migrantes de Agadez",
            "ar": "المركز الصحي للمهاجرين في أغاديز",
        },
        descriptions={
            "en": "Free consultations, first aid and referrals; no papers asked.",
            "fr": "Consultations gratuites, premiers secours et orientation ; aucun papier demandé.",
            "es": "Consultas gratuitas, primeros auxilios y derivaciones; no se piden papeles.",
            "ar": "استشارات مجانية وإسعافات أولية وإحالات؛ لا تُطلب أي أوراق.",
        },
        type="health",
        languages=["fr", "ha", "ar", "en"],
        place="Agadez",
        latitude=16.9742,
        longitude=7.9865,
        hours="08:00-18:00",
        contact="+227 20 44 00 00",
        status="published",
    )
    screening_services.service_create(
        actor=None,
        organisation=office,
        names={
            "en": "Tripoli clinic for migrants",
            "fr": "Clinique pour migrants de Tripoli",
            "es": "Clínica para migrantes de Trípoli",
            "ar": "عيادة المهاجرين في طرابلس",
        },
        type="health",
        languages=["ar", "en", "ti"],
        place="Tripoli",
        latitude=TRIPOLI[0],
        longitude=TRIPOLI[1],
        hours={
            "sat": "09:00-15:00",
            "sun": "09:00-15:00",
            "mon": "09:00-15:00",
            "tue": "09:00-15:00",
            "wed": "09:00-15:00",
            "thu": "09:00-13:00",
        },
        status="published",
    )
    services.point_create(
        actor=None,
        organisation=ngo,
        names={
            "en": "Agadez bus station information desk",
            "fr": "Point d'information de la gare routière d'Agadez",
            "es": "Punto de información de la estación de autobuses de Agadez",
            "ar": "مكتب المعلومات في محطة الحافلات بأغاديز",
            "ti": "ቦታ ሓበሬታ መዕርፎ ኣውቶቡስ ኣጋዴዝ",
            "ha": "Wurin bayani na tashar mota ta Agadez",
        },
        descriptions={
            "en": "Information on services, rights and the risks of the desert crossing; phone charging and water.",
            "fr": "Informations sur les services, les droits et les risques de la traversée du désert ; recharge de téléphone et eau.",
            "es": "Información sobre servicios, derechos y riesgos de la travesía del desierto; carga de teléfonos y agua.",
            "ar": "معلومات عن الخدمات والحقوق ومخاطر عبور الصحراء؛ شحن الهواتف والماء.",
        },
        kind="bus_station",
        place="Agadez",
        latitude=AGADEZ[0],
        longitude=AGADEZ[1],
        hours={
            "mon": "07:00-19:00",
            "tue": "07:00-19:00",
            "wed": "07:00-19:00",
            "thu": "07:00-19:00",
            "fri": "07:00-12:00",
            "sat": "07:00-19:00",
        },
        languages=["fr", "ha", "ar", "en", "ti"],
        accessibility={
            "en": "Step-free entrance.",
            "fr": "Entrée sans marche.",
            "es": "Entrada sin escalones.",
            "ar": "مدخل بلا درج.",
        },
        wheelchair_accessible=True,
        child_friendly=True,
        women_only_hours={"wed": "14:00-17:00"},
        contact="+227 20 44 00 01",
        status="published",
    )
    services.point_create(
        actor=None,
        organisation=ngo,
        names={
            "en": "Information line (SMS and WhatsApp)",
            "fr": "Ligne d'information (SMS et WhatsApp)",
            "es": "Línea de información (SMS y WhatsApp)",
            "ar": "خط المعلومات (رسائل قصيرة وواتساب)",
        },
        kind="remote",
        hours="24/7",
        languages=["ar", "fr", "en", "ti"],
        contact="+227 90 00 00 00",
        status="published",
    )
    services.article_create(
        actor=None,
        organisation=ngo,
        topic="rights",
        translations=RIGHTS,
        status="published",
        review_by=today + timedelta(days=180),
    )
    services.article_create(
        actor=None,
        organisation=ngo,
        topic="missing",
        translations=MISSING,
        status="published",
        review_by=today + timedelta(days=90),
    )
    stale = services.article_create(
        actor=None,
        organisation=ngo,
        topic="abuse",
        translations=ABUSE,
        status="published",
        review_by=today + timedelta(days=30),
    )
    # Its review date has passed: the team's page and the public page flag it.
    Article.objects.filter(pk=stale.pk).update(review_by=today - timedelta(days=10))
    services.article_create(
        actor=None,
        organisation=ngo,
        topic="return",
        translations=RETURN,
        status="draft",
    )
    services.feedback_give(
        service_id=agadez_clinic.pk, rating=4, comment="Kind staff, long wait.", language="en"
    )
