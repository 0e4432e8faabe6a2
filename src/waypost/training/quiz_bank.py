"""A starting quiz: one question per module of the OHCHR guidelines, in the four languages.

A course is given these questions (or its own) when it is created; they are data of the
course version, not catalog strings, so an organisation may write its own in each language.
"""

from __future__ import annotations

from waypost.training.models import Module
from waypost.training.services import QuestionInput


def _q(
    module: str, text: dict[str, str], choices: list[dict[str, str]], answer: int
) -> QuestionInput:
    return QuestionInput(module=module, text=text, choices=choices, answer=answer)


STANDARD_QUESTIONS: list[QuestionInput] = [
    _q(
        Module.NON_REFOULEMENT,
        {
            "en": "A man at the border says he will be tortured if sent home. What do you do?",
            "fr": "Un homme à la frontière dit qu'il sera torturé s'il est renvoyé chez lui. Que faites-vous ?",
            "es": "Un hombre en la frontera dice que lo torturarán si lo devuelven a su país. ¿Qué hace usted?",
            "ar": "يقول رجل على الحدود إنه سيتعرض للتعذيب إذا أُعيد إلى بلده. ماذا تفعل؟",
        },
        [
            {
                "en": "Send him back: he has no visa.",
                "fr": "Le renvoyer : il n'a pas de visa.",
                "es": "Devolverlo: no tiene visado.",
                "ar": "أعيده: ليست لديه تأشيرة.",
            },
            {
                "en": "Do not return him; refer his request for protection to be heard.",
                "fr": "Ne pas le renvoyer ; transmettre sa demande de protection pour qu'elle soit entendue.",
                "es": "No devolverlo; remitir su solicitud de protección para que sea escuchada.",
                "ar": "لا أعيده، وأحيل طلبه للحماية كي يُستمع إليه.",
            },
            {
                "en": "Ask him to prove it before he may stay.",
                "fr": "Lui demander de le prouver avant de pouvoir rester.",
                "es": "Pedirle que lo demuestre antes de poder quedarse.",
                "ar": "أطلب منه أن يثبت ذلك قبل أن يُسمح له بالبقاء.",
            },
        ],
        1,
    ),
    _q(
        Module.USE_OF_FORCE,
        {
            "en": "When may force be used on a migrant?",
            "fr": "Quand la force peut-elle être employée contre un migrant ?",
            "es": "¿Cuándo se puede usar la fuerza contra un migrante?",
            "ar": "متى يجوز استخدام القوة ضد مهاجر؟",
        },
        [
            {
                "en": "Only when strictly necessary and proportionate, and it is reported.",
                "fr": "Seulement si c'est strictement nécessaire et proportionné, et c'est signalé.",
                "es": "Solo cuando es estrictamente necesaria y proporcionada, y se informa.",
                "ar": "فقط عند الضرورة القصوى وبشكل متناسب، مع الإبلاغ عنها.",
            },
            {
                "en": "Whenever a migrant does not understand an order.",
                "fr": "Chaque fois qu'un migrant ne comprend pas un ordre.",
                "es": "Siempre que un migrante no entiende una orden.",
                "ar": "كلما لم يفهم المهاجر أمراً.",
            },
            {
                "en": "To discourage others from crossing.",
                "fr": "Pour dissuader d'autres de passer.",
                "es": "Para disuadir a otros de cruzar.",
                "ar": "لردع الآخرين عن العبور.",
            },
        ],
        0,
    ),
    _q(
        Module.CHILDREN,
        {
            "en": "A 15-year-old arrives alone. What comes first?",
            "fr": "Un adolescent de 15 ans arrive seul. Qu'est-ce qui passe en premier ?",
            "es": "Un adolescente de 15 años llega solo. ¿Qué es lo primero?",
            "ar": "يصل مراهق في الخامسة عشرة من عمره وحده. ما الأولوية؟",
        },
        [
            {
                "en": "Detaining him until his age is checked.",
                "fr": "Le placer en rétention jusqu'à la vérification de son âge.",
                "es": "Detenerlo hasta comprobar su edad.",
                "ar": "احتجازه حتى يُتحقق من عمره.",
            },
            {
                "en": "His best interests: a guardian and care, not detention.",
                "fr": "Son intérêt supérieur : un tuteur et une prise en charge, pas la rétention.",
                "es": "Su interés superior: un tutor y cuidado, no la detención.",
                "ar": "مصلحته الفضلى: وصيّ ورعاية، لا احتجاز.",
            },
            {
                "en": "Treating him as an adult travelling alone.",
                "fr": "Le traiter comme un adulte voyageant seul.",
                "es": "Tratarlo como un adulto que viaja solo.",
                "ar": "معاملته كبالغ يسافر وحده.",
            },
        ],
        1,
    ),
    _q(
        Module.GENDER,
        {
            "en": "A woman must be searched. Who searches her?",
            "fr": "Une femme doit être fouillée. Qui la fouille ?",
            "es": "Hay que registrar a una mujer. ¿Quién la registra?",
            "ar": "يجب تفتيش امرأة. من يفتشها؟",
        },
        [
            {
                "en": "Any officer on duty.",
                "fr": "N'importe quel agent de service.",
                "es": "Cualquier agente de servicio.",
                "ar": "أي ضابط مناوب.",
            },
            {
                "en": "No one: women are never searched.",
                "fr": "Personne : les femmes ne sont jamais fouillées.",
                "es": "Nadie: a las mujeres nunca se las registra.",
                "ar": "لا أحد: لا تُفتَّش النساء أبداً.",
            },
            {
                "en": "A female officer, in private and with respect.",
                "fr": "Une agente, à l'abri des regards et avec respect.",
                "es": "Una agente, en privado y con respeto.",
                "ar": "ضابطة، في مكان خاص وباحترام.",
            },
        ],
        2,
    ),
    _q(
        Module.TRAFFICKING,
        {
            "en": "A person may have been trafficked and has false papers. What follows?",
            "fr": "Une personne a peut-être été victime de traite et a de faux papiers. Que se passe-t-il ?",
            "es": "Una persona puede haber sido víctima de trata y tiene papeles falsos. ¿Qué sigue?",
            "ar": "قد يكون شخص ضحية للاتجار ويحمل أوراقاً مزورة. ما الذي يلي ذلك؟",
        },
        [
            {
                "en": "Protection and referral, not punishment for the papers.",
                "fr": "Protection et orientation, pas de sanction pour les papiers.",
                "es": "Protección y derivación, no castigo por los papeles.",
                "ar": "الحماية والإحالة، لا العقاب على الأوراق.",
            },
            {
                "en": "Prosecution for using false papers.",
                "fr": "Des poursuites pour usage de faux papiers.",
                "es": "Procesamiento por usar papeles falsos.",
                "ar": "الملاحقة القضائية لاستخدام أوراق مزورة.",
            },
            {
                "en": "Immediate removal.",
                "fr": "Un éloignement immédiat.",
                "es": "Expulsión inmediata.",
                "ar": "الترحيل الفوري.",
            },
        ],
        0,
    ),
    _q(
        Module.RESCUE,
        {
            "en": "A boat is in distress at sea. Whom must you rescue?",
            "fr": "Un bateau est en détresse en mer. Qui devez-vous secourir ?",
            "es": "Un barco está en peligro en el mar. ¿A quién debe rescatar?",
            "ar": "قارب في خطر في البحر. من يجب عليك إنقاذه؟",
        },
        [
            {
                "en": "Only those with travel documents.",
                "fr": "Seulement ceux qui ont des documents de voyage.",
                "es": "Solo a quienes tienen documentos de viaje.",
                "ar": "فقط من يحملون وثائق سفر.",
            },
            {
                "en": "Everyone in distress, whatever their status.",
                "fr": "Toute personne en détresse, quel que soit son statut.",
                "es": "A todas las personas en peligro, sea cual sea su situación.",
                "ar": "كل من هو في خطر، أياً كان وضعه.",
            },
            {
                "en": "Only your own nationals.",
                "fr": "Seulement vos ressortissants.",
                "es": "Solo a sus propios nacionales.",
                "ar": "مواطنيك فقط.",
            },
        ],
        1,
    ),
    _q(
        Module.DETENTION,
        {
            "en": "When is immigration detention allowed?",
            "fr": "Quand la rétention administrative est-elle permise ?",
            "es": "¿Cuándo se permite la detención migratoria?",
            "ar": "متى يُسمح بالاحتجاز لأسباب تتعلق بالهجرة؟",
        },
        [
            {
                "en": "For everyone who crossed without papers.",
                "fr": "Pour toute personne entrée sans papiers.",
                "es": "Para todas las personas que cruzaron sin papeles.",
                "ar": "لكل من عبر دون أوراق.",
            },
            {
                "en": "As long as the case takes.",
                "fr": "Aussi longtemps que dure la procédure.",
                "es": "Mientras dure el caso.",
                "ar": "طوال مدة النظر في القضية.",
            },
            {
                "en": "As a last resort, for the shortest time, with safeguards.",
                "fr": "En dernier recours, le moins longtemps possible, avec des garanties.",
                "es": "Como último recurso, por el menor tiempo, con garantías.",
                "ar": "كملاذ أخير، لأقصر مدة، مع ضمانات.",
            },
        ],
        2,
    ),
    _q(
        Module.SCREENING,
        {
            "en": "What is screening at the border for?",
            "fr": "À quoi sert le filtrage à la frontière ?",
            "es": "¿Para qué sirve el control inicial en la frontera?",
            "ar": "ما الغرض من الفرز على الحدود؟",
        },
        [
            {
                "en": "Finding who needs protection or help, and referring them.",
                "fr": "Repérer qui a besoin de protection ou d'aide, et l'orienter.",
                "es": "Detectar quién necesita protección o ayuda, y derivarlo.",
                "ar": "تحديد من يحتاج إلى الحماية أو المساعدة وإحالته.",
            },
            {
                "en": "Deciding on the spot who is a refugee.",
                "fr": "Décider sur place qui est réfugié.",
                "es": "Decidir en el acto quién es refugiado.",
                "ar": "البت فوراً في من هو لاجئ.",
            },
            {
                "en": "Collecting as much data as possible.",
                "fr": "Collecter le plus de données possible.",
                "es": "Recoger tantos datos como sea posible.",
                "ar": "جمع أكبر قدر ممكن من البيانات.",
            },
        ],
        0,
    ),
    _q(
        Module.CONSULAR,
        {
            "en": "A detained asylum seeker does not want their consulate told. What do you do?",
            "fr": "Un demandeur d'asile retenu ne veut pas que son consulat soit prévenu. Que faites-vous ?",
            "es": "Un solicitante de asilo detenido no quiere que se avise a su consulado. ¿Qué hace usted?",
            "ar": "طالب لجوء محتجز لا يريد إبلاغ قنصليته. ماذا تفعل؟",
        },
        [
            {
                "en": "Tell the consulate anyway.",
                "fr": "Prévenir le consulat quand même.",
                "es": "Avisar al consulado de todos modos.",
                "ar": "أبلغ القنصلية على أي حال.",
            },
            {
                "en": "Respect the wish: do not contact the consulate.",
                "fr": "Respecter ce souhait : ne pas contacter le consulat.",
                "es": "Respetar su deseo: no contactar al consulado.",
                "ar": "أحترم رغبته: لا أتصل بالقنصلية.",
            },
            {
                "en": "Ask the consulate to confirm the identity.",
                "fr": "Demander au consulat de confirmer l'identité.",
                "es": "Pedir al consulado que confirme la identidad.",
                "ar": "أطلب من القنصلية تأكيد الهوية.",
            },
        ],
        1,
    ),
    _q(
        Module.DATA,
        {
            "en": "May an asylum seeker's data be shared with their country of origin?",
            "fr": "Les données d'un demandeur d'asile peuvent-elles être transmises à son pays d'origine ?",
            "es": "¿Se pueden compartir los datos de un solicitante de asilo con su país de origen?",
            "ar": "هل يجوز مشاركة بيانات طالب اللجوء مع بلده الأصلي؟",
        },
        [
            {
                "en": "Yes, to check their identity.",
                "fr": "Oui, pour vérifier son identité.",
                "es": "Sí, para comprobar su identidad.",
                "ar": "نعم، للتحقق من هويته.",
            },
            {
                "en": "Yes, if the country asks for it.",
                "fr": "Oui, si le pays le demande.",
                "es": "Sí, si el país lo pide.",
                "ar": "نعم، إذا طلب البلد ذلك.",
            },
            {
                "en": "No, never.",
                "fr": "Non, jamais.",
                "es": "No, nunca.",
                "ar": "لا، أبداً.",
            },
        ],
        2,
    ),
]
