"""Generated Chinese names, phone numbers and ID numbers for demo data: deterministic for a seed."""

import datetime as dt
import random

from fazhi.lib.masking import id_check_digit

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文志国春梅海燕波宁林斌辉鹏飞云凤琴晓东雪莉丹红宇浩俊峰振德永福庆荣和顺安金银成祥"


class Fake:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def name(self) -> str:
        given = self.rng.choice(GIVEN) + (self.rng.choice(GIVEN) if self.rng.random() < 0.7 else "")
        return self.rng.choice(SURNAMES) + given

    def phone(self) -> str:
        return (
            self.rng.choice(["138", "139", "137", "150", "151", "158", "187", "188", "135", "159"])
            + f"{self.rng.randrange(10**8):08d}"
        )

    def id_number(self, region: str = "500242") -> str:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=self.rng.randrange(365 * 55))
        first17 = f"{region}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
        return first17 + id_check_digit(first17)

    def date_in(self, year: int, until: dt.date | None = None, month: int | None = None) -> dt.date:
        start = dt.date(year, month or 1, 1)
        end = (
            dt.date(year, month + 1, 1) - dt.timedelta(days=1)
            if month and month < 12
            else dt.date(year, 12, 31)
        )
        if until is not None and until < end:
            end = until
        if end < start:
            return start
        return start + dt.timedelta(days=self.rng.randrange((end - start).days + 1))

    def weighted(self, pairs):
        """One value of (value, weight) pairs, chosen in proportion to its weight."""
        pick = self.rng.uniform(0, sum(w for _, w in pairs))
        for value, w in pairs:
            pick -= w
            if pick <= 0:
                return value
        return pairs[-1][0]

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)
