"""What the visualization service answers for one tensor: its statistics and stored pictures."""

from dataclasses import dataclass
from typing import List

from convscope._stubs import visualization_service_pb2 as messages


@dataclass(frozen=True)
class Statistics:
    """Figures over the tensor's finite values, computed by the service in double precision."""

    mean: float
    stddev: float  # population standard deviation
    min: float
    max: float
    counts: List[int]  # values per bin: 20 equal bins from min to max
    centers: List[float]  # each bin's midpoint
    ticks: List[float]  # first, middle and last bin edge
    nan_count: int
    infinite_count: int
    value_count: int
    channel_means: List[float]  # per slice along the first axis; empty for weights
    channel_maxima: List[float]

    @classmethod
    def of(cls, message):
        return cls(
            mean=message.mean,
            stddev=message.stddev,
            min=message.min,
            max=message.max,
            counts=list(message.counts),
            centers=list(message.centers),
            ticks=list(message.ticks),
            nan_count=message.nan_count,
            infinite_count=message.infinite_count,
            value_count=message.value_count,
            channel_means=list(message.channel_means),
            channel_maxima=list(message.channel_maxima),
        )


@dataclass(frozen=True)
class Picture:
    """One stored PNG, named by its content-addressed key in the bucket."""

    kind: str  # "tiles", "heatmap", "line_plot" or "histogram"
    key: str
    width: int
    height: int
    size_bytes: int
    reused: bool  # already stored before, not written again

    @classmethod
    def of(cls, message):
        kind = messages.PictureKind.Name(message.kind).removeprefix("PICTURE_KIND_").lower()
        return cls(
            kind=kind,
            key=message.key,
            width=message.width,
            height=message.height,
            size_bytes=message.size_bytes,
            reused=message.reused,
        )


@dataclass(frozen=True)
class Rendered:
    """One tensor drawn and stored: its name, statistics and pictures (always a tile grid first)."""

    name: str
    statistics: Statistics
    pictures: List[Picture]

    @classmethod
    def of(cls, message):
        return cls(
            name=message.name,
            statistics=Statistics.of(message.statistics),
            pictures=[Picture.of(picture) for picture in message.pictures],
        )

    def picture(self, kind="tiles"):
        """The picture of this kind; KeyError naming the kinds there are when there is none."""
        for picture in self.pictures:
            if picture.kind == kind:
                return picture
        raise KeyError(f"{self.name} has no {kind} picture; it has {[p.kind for p in self.pictures]}")
