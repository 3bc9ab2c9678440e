"""A realistic, deterministic history for trying studylog out (``studylog demo``).

The same seed and the same "today" always give the same database.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import date, datetime, time, timedelta

from studylog.db.sqlite import to_json_list, to_sql_time, to_sql_ts, transaction
from studylog.services import reading, resources, workouts, writing
from studylog.weeks import week_containing

TOPICS = [
    "attention is all you need, again", "why I keep a log", "notes on linear algebra", "GPU memory hierarchies",
    "the long run", "learning in public", "reading papers slowly", "on habits", "the pool at 7am",
    "what transformers forget", "matrix calculus without tears", "a week of small wins", "tokenizers",
    "rest days", "the first half marathon", "kernels and warps", "writing every day", "probability refresher",
]
SENTENCES = [
    "I started later than planned but the words came quickly once I stopped editing.",
    "The key idea is simpler than the notation makes it look.",
    "Tomorrow I want to try explaining it without any equations.",
    "Most of the time went into finding the right example.",
    "I keep coming back to the same question: what would I tell myself a year ago?",
    "Short session today; the point is to show up.",
    "A paragraph on why attention scales quadratically, and what people do about it.",
    "The run cleared my head before writing.",
    "I rewrote the opening three times and kept the first version.",
    "Notes from the chapter on eigenvalues, in my own words.",
    "Attention lets every token look at every other token, which is both the strength and the cost.",
    "The gradient tells you which way is downhill, not how far to go.",
    "Memory bandwidth, not arithmetic, is what most kernels are waiting on.",
    "A good example does more work than a paragraph of definitions.",
    "I cut the second half of the draft and the first half got better.",
    "Today the easy run was actually easy, which is the whole point of it.",
    "Writing it down showed me which part I did not really understand.",
    "The pool was quiet, so I practised the catch and counted strokes.",
    "Small steps every day add up faster than big plans once a month.",
    "I tried to explain softmax to a friend and found the gap in my own picture.",
    "Reading the paper a second time, the figures made sense before the text did.",
    "Tiling the matrix so each block fits in shared memory changed everything.",
    "I noticed I write best when I decide the first sentence the night before.",
    "The long run is mostly a conversation with the part of me that wants to stop.",
    "Eigenvectors are the directions a matrix only stretches, never turns.",
    "I kept a list of questions instead of answers, and it was more useful.",
    "Rest is part of the plan, not a break from it.",
    "The chapter ends with exercises I skipped last time; this time I did two.",
    "Layer normalisation keeps the activations in a range the next layer can use.",
    "Three short paragraphs, one idea each, and stop.",
]
NOTE_WORDS = 300  # a heavy user's daily note
RUN_TITLES = ["Easy run", "Tempo", "Long run", "Intervals", "Recovery jog", "Park loop", "Hill repeats"]
SWIM_TITLES = ["Pool swim", "Technique drills", "Endurance set", "Easy laps"]
CHALLENGE = "30-day essays"
HALF_MARATHON_M = 21097.5
HALF_MARATHON_TIME = 2 * 3600 + 90  # 2:01:30
# Saturday long runs (km) in the weeks before the race, nearest week first: a taper, then the build-up.
LONG_RUN_PLAN = (11.0, 16.0, 18.0, 17.0, 15.0, 16.0, 14.0, 13.0, 11.0, 12.0, 10.0, 9.0)


def race_day(today: date) -> date:
    """The demo's half marathon: the Sunday 15 to 21 days before today."""
    day = today - timedelta(days=15)
    return week_containing(day, 6)
CHALLENGE_DAY = 12  # the demo's "today" is Day 12 of 30


def generate(conn: sqlite3.Connection, today: date, *, years: int = 1, now: datetime, seed: int = 7) -> tuple[int, int]:
    """Fill an empty database with ``years`` of writing and workouts ending today.
    Returns (writing entries, workouts) added."""
    rng = random.Random(seed)
    first = today - timedelta(days=365 * years - 1)
    stamp = to_sql_ts(now)
    writing_rows, workout_rows = [], []
    challenge_start = today - timedelta(days=CHALLENGE_DAY - 1)
    day, on_streak = first, True
    while day <= today:
        in_challenge = day >= challenge_start
        # Streaks: mostly writing, with breaks that last a day or three.
        if not in_challenge:
            on_streak = rng.random() > 0.01 if on_streak else rng.random() > 0.6
        if in_challenge or (on_streak and rng.random() < 0.995):
            words = max(120, int(rng.gauss(620, 230)))
            note = _note(rng)
            title = rng.choice(TOPICS)
            if in_challenge:
                title = f"Day {(day - challenge_start).days + 1}: {title}"
            tags = ["essay"] if in_challenge else rng.sample(["notes", "ml", "running", "maths", "gpu"], k=1)
            writing_rows.append((day.isoformat(), title.capitalize() if not in_challenge else title, words,
                                 note, to_json_list(tags), CHALLENGE if in_challenge else None, None,
                                 stamp, stamp))
        workout_rows.extend(_workouts_for(rng, day, first, stamp, race_day(today)))
        day += timedelta(days=1)
    reading_rows = _reading_for(rng, first, today, stamp)
    with transaction(conn):
        conn.executemany(writing.SQL_INSERT, writing_rows)
        conn.executemany(workouts.SQL_INSERT, workout_rows)
        conn.executemany(reading.SQL_INSERT, reading_rows)
        workouts.backfill_efforts(conn)
        _resources(conn, rng, first, today, stamp)
        _goals_and_reflections(conn, first, today, stamp)
        _feeds(conn, first, stamp)
        _study_sessions(conn, random.Random(seed + 1), first, today, stamp)  # (its own dice: the rest unchanged)
        _habits(conn, random.Random(seed + 2), first, today, stamp)
    return len(writing_rows), len(workout_rows)


HABITS = (("Meditate", None, 0.8, (10, 10, 15, 20)), ("Pushups", "reps", 0.5, (20, 30, 40, 50)),
          ("Coffee", "cups", 0.95, (1, 1, 2, 2, 3)))  # (name, unit, chance of a day, amounts)
HABIT_GOALS = ("meditate every day", "pushups 150 per week", "at most 2 coffees a day")


def _habits(conn: sqlite3.Connection, rng: random.Random, first: date, today: date, stamp: str) -> None:
    """Three habits of the last 16 weeks and a goal over each: meditation most days, pushups now and then,
    coffee nearly every day (now and then more than the goal's two cups)."""
    from studylog.goal_phrases import parse_goal
    from studylog.services import goals, habits

    start = max(first, today - timedelta(weeks=16))
    known = {}
    for name, unit, chance, amounts in HABITS:
        habit_id = conn.execute(habits.SQL_INSERT, (habits.key_of(name), name, unit, stamp)).lastrowid
        known[habits.key_of(name)] = (name, unit)
        day = start
        rows = []
        while day <= today:
            if rng.random() < chance:
                rows.append((habit_id, day.isoformat(), float(rng.choice(amounts)) if unit else 1.0, stamp))
            day += timedelta(days=1)
        conn.executemany(habits.SQL_LOG, rows)
    for phrase in HABIT_GOALS:
        spec = parse_goal(phrase, start, known)
        conn.execute(goals.SQL_INSERT, (spec.kind, spec.activity, spec.metric, spec.target, spec.period, spec.title,
                                        None, None, stamp, start.isoformat(), spec.subject))


STUDY_NOTES = ("worked through the examples", "re-derived it on paper", "took notes for the study group",
               "stuck on the second half", None, None, None)


def _study_sessions(conn: sqlite3.Connection, rng: random.Random, first: date, today: date, stamp: str) -> None:
    """Study time: three or four sessions a week, on the mentor's list lately (a session on one of its
    resources, or on a topic of it), on the study group's topics before."""
    from studylog.services import study

    mentor = [(row["id"], row["topic"]) for row in conn.execute(
        "SELECT r.id, r.topic FROM resource r JOIN resource_list l ON l.name = ? "
        "JOIN resource_list_item i ON i.list_id = l.id AND i.resource_id = r.id ORDER BY i.position",
        (MENTOR_LIST[0],))]
    lately = today - timedelta(weeks=16)
    rows, day = [], first
    while day <= today:
        if rng.random() < 0.5:
            minutes = rng.choice((20, 25, 30, 45, 45, 60, 60, 75, 90, 120))
            if day >= lately and mentor:
                resource_id, topic = rng.choice(mentor)
                if rng.random() < 0.35:
                    resource_id = None  # (the topic, not one resource)
            else:
                resource_id, topic = None, rng.choice(STUDY_TOPICS)
            rows.append((day.isoformat(), minutes * 60, topic, resource_id, rng.choice(STUDY_NOTES), stamp, stamp))
        day += timedelta(days=1)
    conn.executemany(study.SQL_INSERT, rows)


FEEDS = (  # (kind, title, site, folder, feed address): subscriptions, as an OPML file would bring them
    ("newsletter", "Import AI", "https://jack-clark.net", "ml", "https://importai.substack.com/feed"),
    ("blog", "Lil'Log", "https://lilianweng.github.io", "ml", "https://lilianweng.github.io/index.xml"),
    ("blog", "Chips and Cheese", "https://chipsandcheese.com", "gpus", "https://chipsandcheese.com/feed"),
    ("podcast", "The Running Podcast", "https://example.org/running", "running",
     "https://example.org/running/podcast.xml"),
)


def _feeds(conn: sqlite3.Connection, first: date, stamp: str) -> None:
    from studylog.services import feeds

    conn.executemany(feeds.SQL_INSERT, [(kind, title, site, to_json_list([folder]), first.isoformat(), "opml",
                                         address, stamp, stamp) for kind, title, site, folder, address in FEEDS])


BOOKS = [
    ("Deep Work", "Cal Newport", 296), ("The Art of Learning", "Josh Waitzkin", 288),
    ("Born to Run", "Christopher McDougall", 287), ("What I Talk About When I Talk About Running", "Haruki Murakami", 180),
    ("Bird by Bird", "Anne Lamott", 237), ("On Writing", "Stephen King", 288), ("Atomic Habits", "James Clear", 320),
    ("The Little Book of Deep Learning", "François Fleuret", 168), ("Linear Algebra Done Right", "Sheldon Axler", 340),
    ("Programming Massively Parallel Processors", "Wen-mei W. Hwu", 580), ("Range", "David Epstein", 339),
    ("Ultralearning", "Scott H. Young", 304), ("The Sense of Style", "Steven Pinker", 368),
    ("Thinking, Fast and Slow", "Daniel Kahneman", 499), ("Endure", "Alex Hutchinson", 320),
    ("Why We Sleep", "Matthew Walker", 368), ("Make It Stick", "Peter C. Brown", 336),
    ("Deep Learning", "Ian Goodfellow", 775), ("Mathematics for Machine Learning", "Marc Peter Deisenroth", 398),
    ("The Pragmatic Programmer", "David Thomas", 352), ("A Philosophy of Software Design", "John Ousterhout", 190),
    ("Swimming Made Easy", "Terry Laughlin", 208), ("Daily Rituals", "Mason Currey", 304),
    ("The War of Art", "Steven Pressfield", 190), ("Build a Large Language Model (From Scratch)", "Sebastian Raschka", 368),
]
PAPERS = [
    ("Attention Is All You Need", "Ashish Vaswani", "https://arxiv.org/abs/1706.03762"),
    ("Deep Residual Learning for Image Recognition", "Kaiming He", "https://arxiv.org/abs/1512.03385"),
    ("Adam: A Method for Stochastic Optimization", "Diederik P. Kingma", "https://arxiv.org/abs/1412.6980"),
    ("FlashAttention", "Tri Dao", "https://arxiv.org/abs/2205.14135"),
    ("Language Models are Few-Shot Learners", "Tom B. Brown", "https://arxiv.org/abs/2005.14165"),
    ("Scaling Laws for Neural Language Models", "Jared Kaplan", "https://arxiv.org/abs/2001.08361"),
]


def _reading_for(rng: random.Random, first: date, today: date, stamp: str) -> list[tuple]:
    """Books finished every few weeks, a couple being read now, some waiting; papers now and then."""
    rows = []
    days = (today - first).days
    items = [(t, a, p, "book", None) for t, a, p in BOOKS] + [(t, a, None, "paper", u) for t, a, u in PAPERS]
    rng.shuffle(items)
    for n, (title, author, pages, kind, url) in enumerate(items * max(1, days // 365)):
        if n >= len(items) and kind == "paper":
            continue
        label = title if n < len(items) else f"{title} (reread {n // len(items)})"
        added = first + timedelta(days=rng.randint(0, max(0, days - 20)))
        roll = rng.random()
        if n < 2:
            status, started, finished = "reading", today - timedelta(days=rng.randint(2, 12)), None
        elif roll < 0.15:
            status, started, finished = "to-read", None, None
        elif roll < 0.2:
            status, started = "abandoned", added + timedelta(days=3)
            finished = min(today, started + timedelta(days=rng.randint(5, 30)))
        else:
            status, started = "finished", added + timedelta(days=rng.randint(0, 10))
            finished = min(today, started + timedelta(days=rng.randint(4, 40)))
        rating = rng.choice([3.0, 3.5, 4.0, 4.0, 4.5, 5.0]) if status == "finished" else None
        rows.append((kind, label, to_json_list([author]), url, None, pages, status, added.isoformat(),
                     started and started.isoformat(), finished and finished.isoformat(), rating, None,
                     "[]", "manual", None, stamp, stamp))
    rows = rows[: len(items)]  # the real titles once; older years get the library below
    for year_back in range(1, days // 365):  # a heavy reader: about sixty items a year
        for n in range(READ_PER_YEAR):
            finished = today - timedelta(days=365 * year_back + rng.randint(0, 364))
            if finished < first:
                continue
            started = finished - timedelta(days=rng.randint(3, 30))
            kind = "paper" if n % 4 == 0 else "book"
            title = (f"{rng.choice(TITLE_A)} {rng.choice(TITLE_B)}" if kind == "book"
                     else f"On {rng.choice(PAPER_TOPICS)} ({finished.year})")
            author = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            rows.append((kind, f"{title} #{year_back}-{n}", to_json_list([author]), None, None,
                         rng.randint(120, 600) if kind == "book" else None, "finished",
                         (started - timedelta(days=20)).isoformat(), started.isoformat(), finished.isoformat(),
                         rng.choice([3.0, 3.5, 4.0, 4.5, 5.0]), None, "[]", "manual", None, stamp, stamp))
    return rows


READ_PER_YEAR = 70
TITLE_A = ("The Quiet", "Notes on", "The Patient", "A Field Guide to", "The Long", "Learning", "The Art of",
           "Thinking in", "Small", "The Shape of", "Running With", "The Deep")
TITLE_B = ("Habits", "Attention", "Runner", "Mathematics", "Work", "Machines", "Water", "Essays", "Systems",
           "Words", "Numbers", "Practice")
PAPER_TOPICS = ("sparse attention", "optimizers", "scaling", "kernels", "memory hierarchies", "tokenization",
                "distillation", "retrieval", "quantization", "state space models")
FIRST_NAMES = ("Ada", "Alan", "Grace", "Claude", "Emmy", "Kurt", "Sofia", "Ravi", "Mei", "Jonas", "Amara", "Luis")
LAST_NAMES = ("Lovelace", "Turing", "Hopper", "Shannon", "Noether", "Gödel", "Kovalevskaya", "Iyer", "Chen",
              "Berg", "Okafor", "García")


MENTOR_LIST = ("ML systems starter list", "Ada (mentor)", [
    ("Deep Learning/Transformers", "The Illustrated Transformer", "https://jalammar.github.io/illustrated-transformer",
     "the picture book of attention"),
    ("Deep Learning/Transformers", "Attention Is All You Need", "https://arxiv.org/abs/1706.03762", "the paper"),
    ("Deep Learning/Transformers", "Let's build GPT: from scratch, in code, spelled out",
     "https://www.youtube.com/watch?v=kCc8FmEb1nY", "two hours, worth every minute"),
    ("Deep Learning/Training", "A Recipe for Training Neural Networks", "https://karpathy.github.io/2019/04/25/recipe",
     None),
    ("Maths/Linear Algebra", "Essence of linear algebra", "https://www.3blue1brown.com/topics/linear-algebra",
     "watch before the book"),
    ("Maths/Linear Algebra", "Linear Algebra Done Right (free edition)", "https://linear.axler.net", None),
    ("Maths/Probability", "Seeing Theory", "https://seeing-theory.brown.edu", "visual probability"),
    ("GPUs/CUDA", "An Even Easier Introduction to CUDA",
     "https://developer.nvidia.com/blog/even-easier-introduction-cuda", None),
    ("GPUs/CUDA", "CUDA C++ Programming Guide", "https://docs.nvidia.com/cuda/cuda-c-programming-guide", None),
    ("GPUs/Performance", "Making Deep Learning Go Brrrr From First Principles",
     "https://horace.io/brrr_intro.html", "compute, memory, overhead"),
    ("GPUs/Performance", "FlashAttention", "https://arxiv.org/abs/2205.14135", None),
    ("GPUs/Performance", "How to Optimize a CUDA Matmul Kernel", "https://siboehm.com/articles/22/CUDA-MMM", None),
])


STUDY_TOPICS = ("Deep Learning/Transformers", "Deep Learning/Optimization", "Deep Learning/Training",
                "Maths/Linear Algebra", "Maths/Probability", "Maths/Calculus", "GPUs/CUDA", "GPUs/Performance",
                "Systems/Distributed", "Systems/Databases", "Writing/Craft", "Running/Training")
STUDY_PER_YEAR = 620


def _study_library(conn: sqlite3.Connection, rng: random.Random, first: date, today: date, stamp: str) -> None:
    """Older years: a reading-group list a year, hundreds of links each (papers, talks, posts, repos)."""
    for year_back in range(1, (today - first).days // 365):
        year = today.year - year_back
        list_id = conn.execute(resources.SQL_INSERT_LIST, (f"Study group {year}", "The study group",
                                                           f"What we read together in {year}.", "demo",
                                                           stamp)).lastrowid
        rows = []
        for n in range(STUDY_PER_YEAR):
            topic = STUDY_TOPICS[n % len(STUDY_TOPICS)]
            shape = n % 5
            url = (f"https://arxiv.org/abs/{year % 100:02d}{(n % 12) + 1:02d}.{10000 + n:05d}" if shape == 0 else
                   f"https://www.youtube.com/watch?v=demo{year}{n:04d}" if shape == 1 else
                   f"https://github.com/studygroup{year}/project-{n}" if shape == 2 else
                   f"https://notes{n % 40}.example.org/{year}/{topic.split('/')[-1].lower().replace(' ', '-')}-{n}")
            added = date(year, 1, 1) + timedelta(days=rng.randint(0, 330))
            status = rng.choice(("done", "done", "done", "skipped", "new"))
            done = (added + timedelta(days=rng.randint(1, 30))).isoformat() if status == "done" else None
            rows.append((url, f"{topic.split('/')[-1]} reading {n} ({year})", topic, _kind(url),
                         f"Week {n % 52 + 1} of the study group", status, added.isoformat(), done, None, stamp,
                         stamp))
        first_id = None
        for position, row in enumerate(rows):
            resource_id = conn.execute(resources.SQL_INSERT, row).lastrowid
            first_id = first_id or resource_id
            conn.execute(resources.SQL_INSERT_MEMBER, (list_id, resource_id, position, row[2]))


def _resources(conn: sqlite3.Connection, rng: random.Random, first: date, today: date, stamp: str) -> None:
    _study_library(conn, rng, first, today, stamp)
    name, curator, items = MENTOR_LIST
    list_id = conn.execute(resources.SQL_INSERT_LIST, (name, curator, "Where I would start again today.",
                                                       "demo", stamp)).lastrowid
    for position, (topic, title, url, description) in enumerate(items):
        status = rng.choice(["done", "done", "studying", "new", "new"])
        added = today - timedelta(days=rng.randint(20, 90))
        done = (added + timedelta(days=rng.randint(1, 15))).isoformat() if status == "done" else None
        resource_id = conn.execute(resources.SQL_INSERT, (url, title, topic, _kind(url), description, status,
                                                          added.isoformat(), done, None, stamp, stamp)).lastrowid
        conn.execute(resources.SQL_INSERT_MEMBER, (list_id, resource_id, position, topic))


# (phrase, days before today it was set, days before today it was archived): goals come and go in a year
GOALS = (("write every day", 364, None), ("swim 3 times a week", 120, None), ("run >= 20 km per week", 300, None),
         ("write >= 500 words per day", 200, None), ("read 24 books this year", 0, None),
         ("run 3 times a week", 330, 270), ("run a half marathon by end of year", 150, None),
         ("study 3h per week", 90, None), ("study Transformers 1h per week", 30, None))
WEEK_NOTES = {  # weeks counted from the race week
    -2: ("Build the long run to 16 km; finish the chapter on eigenvalues.", "Long run done, chapter half done.",
         "Slow runs are the ones that build the engine."),
    -1: ("Taper: shorter runs, more sleep.", "Rested properly for once.", "Less is sometimes more."),
    0: ("Race week: half marathon on Sunday.", "Ran my first half marathon in 2:01:30!",
        "Pacing early matters more than I thought."),
    1: ("Recover: easy runs, two swims.", "Legs came back by Thursday.", "Recovery is training too."),
    2: ("Back to three swims; write before breakfast.", "Kept the writing streak.",
        "Writing first thing works better than at night."),
}


REFLECTION_LEARNINGS = ("Short sessions beat skipped ones.", "Easy runs should feel easy.",
                        "Explaining it shows what I do not understand.", "Sleep is training.",
                        "Write the first sentence the night before.", "Swim technique before distance.")


def _goals_and_reflections(conn: sqlite3.Connection, first: date, today: date, stamp: str) -> None:
    from studylog.goal_phrases import parse_goal
    from studylog.parsing import week_label
    from studylog.services import goals, reflections

    for phrase, set_back, archived_back in GOALS:
        added = max(first, today - timedelta(days=set_back))
        spec = parse_goal(phrase, added)
        cur = conn.execute(goals.SQL_INSERT, (spec.kind, spec.activity, spec.metric, spec.target, spec.period,
                                              spec.title, spec.start_day and spec.start_day.isoformat(),
                                              spec.end_day and spec.end_day.isoformat(), stamp,
                                              goals.first_day(spec, added).isoformat(), spec.subject))
        if archived_back is not None and today - timedelta(days=archived_back) > added:
            conn.execute(goals.SQL_ARCHIVE, (True, (today - timedelta(days=archived_back)).isoformat(), cur.lastrowid))
    conn.execute(writing.SQL_CHALLENGE_ADD, (CHALLENGE.casefold(), CHALLENGE, 30, stamp))
    monday = week_containing(today)
    race_week = week_containing(race_day(today))
    for offset, (planned, achieved, learned) in WEEK_NOTES.items():
        start = race_week + timedelta(weeks=offset)
        if first <= start < monday:
            conn.execute(reflections.SQL_UPSERT, {"kind": "week", "period": week_label(start), "planned": planned,
                                                  "achieved": achieved, "learned": learned, "now": stamp})
    conn.execute(reflections.SQL_UPSERT, {"kind": "week", "period": week_label(monday),
                                          "planned": "Easy runs, three swims, write every morning.",
                                          "achieved": None, "learned": None, "now": stamp})
    for week_back in range(5, min(52, (today - first).days // 7)):
        start = monday - timedelta(weeks=week_back)
        conn.execute(reflections.SQL_UPSERT, {"kind": "week", "period": week_label(start),
                                              "planned": "Write every morning; two runs and a swim.",
                                              "achieved": f"Wrote most days; week {week_back} of the notes.",
                                              "learned": REFLECTION_LEARNINGS[week_back % len(REFLECTION_LEARNINGS)],
                                              "now": stamp})
    for year in range(first.year, today.year):
        conn.execute(reflections.SQL_UPSERT, {"kind": "year", "period": str(year),
                                              "planned": "Keep the daily writing; read more papers.",
                                              "achieved": "Most days written.", "learned": "Consistency compounds.",
                                              "now": stamp})
    conn.execute(reflections.SQL_UPSERT, {"kind": "year", "period": str(today.year),
                                          "planned": "Write every day, run a half marathon, read 24 books.",
                                          "achieved": "A first half marathon and the longest writing streak yet.",
                                          "learned": "Small daily habits beat big plans.", "now": stamp})
    conn.execute(goals.SQL_SKIP, ("write", (today - timedelta(days=40)).isoformat(), "travel", stamp))


def _kind(url: str) -> str:
    from studylog.io.urls import guess_kind

    return guess_kind(url)


def _note(rng: random.Random) -> str:
    """About NOTE_WORDS words of a day's notes, from the sentences above."""
    chosen, count = [], 0
    while count < NOTE_WORDS - 10:
        sentence = rng.choice(SENTENCES)
        chosen.append(sentence)
        count += len(sentence.split())
    return " ".join(chosen)


def _workouts_for(rng: random.Random, day: date, first: date, stamp: str, race: date) -> list[tuple]:
    weeks_in = (day - first).days // 7
    fitness = min(1.0, 0.35 + weeks_in / 80)  # slowly getting fitter
    rows = []
    weekday = day.weekday()

    def row(sport, dist, dur, start, title, pool=None, hr=None, elev=None, tags=()):  # noqa: ANN001, ANN202
        return (sport, day.isoformat(), to_sql_time(start), dist, dur, elev, hr, pool, title, None,
                to_json_list(list(tags)), "manual", None, stamp, stamp)

    if (weekday == 1 and rng.random() < 0.8) or (weekday == 3 and rng.random() < 0.4):  # Tuesday, some Thursdays
        km = round(rng.uniform(4.5, 8.0) * (0.7 + 0.3 * fitness), 2)
        pace = rng.uniform(315, 380) - 25 * fitness
        rows.append(row("run", km * 1000, round(km * pace), time(7, rng.randint(0, 40)),
                        rng.choice(RUN_TITLES[:2] + RUN_TITLES[3:]), hr=rng.randint(138, 162),
                        elev=round(rng.uniform(10, 80))))
    if day == race:  # the goal of the training block: a first half marathon
        rows.append(row("run", HALF_MARATHON_M, HALF_MARATHON_TIME, time(9, 0), "City half marathon", hr=166,
                        elev=85, tags=("race",)))
    elif weekday == 5 and rng.random() < 0.9:  # Saturday long run
        weeks_to_race = (race - day).days // 7
        if 0 <= weeks_to_race < len(LONG_RUN_PLAN):  # the 12-week block: longer every week, then a taper
            km = LONG_RUN_PLAN[weeks_to_race] + round(rng.uniform(-0.3, 0.3), 2)
        elif day > race:
            km = round(rng.uniform(8, 12), 2)
        else:
            km = round(min(12.0, 5 + 6 * fitness + rng.uniform(-1.0, 1.0)), 2)
        pace = rng.uniform(345, 395) - 20 * fitness
        rows.append(row("run", km * 1000, round(km * pace), time(8, rng.randint(0, 59)), "Long run",
                        hr=rng.randint(140, 155), elev=round(rng.uniform(30, 200))))
    if (weekday == 0 and rng.random() < 0.5) or (weekday == 4 and rng.random() < 0.3):  # pool swims
        metres = rng.choice([1000, 1200, 1500, 1500, 2000, 2500])
        per100 = rng.uniform(110, 150) - 10 * fitness
        rows.append(row("swim", float(metres), round(metres / 100 * per100), time(18, rng.randint(0, 30)),
                        rng.choice(SWIM_TITLES), pool=25.0))
    if weekday == 6 and rng.random() < 0.15:
        km = round(rng.uniform(25, 70), 1)
        rows.append(row("ride", km * 1000, round(km / rng.uniform(22, 30) * 3600), time(9, 30), "Sunday ride",
                        elev=round(rng.uniform(150, 900))))
    if weekday == 2 and rng.random() < 0.1:
        rows.append(row("strength", None, rng.choice([1800, 2400, 2700, 3600]), time(19, 0), "Gym"))
    if weekday == 6 and rng.random() < 0.1:
        rows.append(row("yoga", None, rng.choice([1800, 2700, 3600]), time(18, 0), "Yoga"))
    return rows
