#include "gui/widgets/livechart.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Widgets {

LiveChart::LiveChart(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

int LiveChart::addSeries(const QString &name, const QColor &color)
{
    m_series.append(Series { name, color, {} });
    update();
    return static_cast<int>(m_series.size() - 1);
}

void LiveChart::addSample(int series, double value)
{
    if (series < 0 || series >= m_series.size())
        return;
    QList<double> &v = m_series[series].values;
    v.append(value);
    while (v.size() > Capacity)
        v.removeFirst();
    update();
}

void LiveChart::addGap(int series)
{
    addSample(series, std::numeric_limits<double>::quiet_NaN());
}

bool LiveChart::lastIsGap(int series) const
{
    const auto &v = m_series.value(series).values;
    return !v.isEmpty() && std::isnan(v.last());
}

void LiveChart::setTitle(const QString &title)
{
    m_title = title;
    update();
}

double LiveChart::lastValue(int series) const
{
    const auto &v = m_series.value(series).values;
    return v.isEmpty() ? 0.0 : v.last();
}

void LiveChart::setUnit(const QString &unit)
{
    m_unit = unit;
    update();
}

void LiveChart::setSampleIntervalMs(int ms)
{
    m_intervalMs = std::max(1, ms);
    update();
}

double LiveChart::maxValue() const
{
    double max = 0.0;
    for (const Series &s : std::as_const(m_series)) {
        for (double v : s.values) {
            if (!std::isnan(v))
                max = std::max(max, v);
        }
    }
    return max;
}

void LiveChart::valueScale(double max, double *step, double *top)
{
    const double reach = std::max(max * 1.05, 2.0); // a little room above the highest value
    const double target = reach / 3.0; // about three steps
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    *step = 10.0 * magnitude;
    for (double m : { 1.0, 2.0, 5.0 }) {
        if (m * magnitude >= target) {
            *step = m * magnitude;
            break;
        }
    }
    *top = std::ceil(reach / *step) * *step;
}

double LiveChart::axisTop() const
{
    double step = 1.0, top = 1.0;
    valueScale(maxValue(), &step, &top);
    return top;
}

QList<LiveChart::Tick> LiveChart::valueTicks() const
{
    double step = 1.0, top = 1.0;
    valueScale(maxValue(), &step, &top);
    QList<Tick> ticks;
    const int steps = int(std::lround(top / step));
    for (int i = 0; i <= steps; ++i) {
        QString text = QLocale().toString(step * i);
        if (i == steps && !m_unit.isEmpty())
            text = tr("%1 %2", "a value and its unit").arg(text, m_unit);
        ticks.append({ double(i) / steps, text });
    }
    return ticks;
}

QList<LiveChart::Tick> LiveChart::timeTicks() const
{
    // The oldest sample kept is (Capacity - 1) intervals ago; about four labels, each a round
    // number of seconds (or minutes) before now.
    const double spanS = double(Capacity - 1) * m_intervalMs / 1000.0;
    int stepS = 3600;
    for (int s : { 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800 }) {
        if (spanS / s <= 4.0) {
            stepS = s;
            break;
        }
    }
    QList<Tick> ticks;
    for (int ago = int(spanS / stepS) * stepS; ago >= 0; ago -= stepS) {
        QString text;
        if (ago == 0)
            text = tr("now");
        else if (ago >= 120 && ago % 60 == 0)
            text = tr("%1 min", "minutes before now, negative").arg(QLocale().toString(-ago / 60));
        else
            text = tr("%1 s", "seconds before now, negative").arg(QLocale().toString(-ago));
        ticks.append({ 1.0 - ago / spanS, text });
    }
    return ticks;
}

QRect LiveChart::plotRect() const
{
    // The value labels sit just above their lines inside the plot, so that charts of the same
    // width share one time axis; the top one needs a label's height above the plot.
    const QFontMetrics fm = fontMetrics();
    const int top = fm.height() + 6 + fm.height(); // the legend row, then the top label
    return rect().adjusted(8, top, -8, -(8 + fm.height() + 2));
}

void LiveChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    p.setPen(palette().mid().color());
    p.drawRect(rect().adjusted(0, 0, -1, -1));

    const QFontMetrics fm = fontMetrics();
    const QRect plot = plotRect();
    const double top = axisTop();

    int x = 8;
    p.setPen(palette().text().color());
    if (!m_title.isEmpty()) {
        p.drawText(x, fm.ascent() + 3, m_title);
        x += fm.horizontalAdvance(m_title) + 12;
    }
    for (const Series &s : std::as_const(m_series)) {
        const QString label = s.values.isEmpty() ? s.name
            : std::isnan(s.values.last())        ? QStringLiteral("%1: –").arg(s.name)
                                                 : QStringLiteral("%1: %2").arg(s.name).arg(s.values.last());
        p.setPen(s.color);
        p.drawText(x, fm.ascent() + 3, label);
        x += fm.horizontalAdvance(label) + 12;
    }

    // The value axis: a dotted line and a label per tick.
    const QColor axisText = palette().placeholderText().color();
    for (const Tick &t : valueTicks()) {
        const int y = plot.bottom() - int(std::lround(plot.height() * t.at));
        p.setPen(QPen(palette().mid().color(), 1, t.at == 0.0 ? Qt::SolidLine : Qt::DotLine));
        p.drawLine(plot.left(), y, plot.right(), y);
        if (t.at == 0.0)
            continue; // 0 is the bottom line itself
        p.setPen(axisText);
        p.drawText(plot.left() + 2, y - fm.descent() - 1, t.text);
    }
    // The time axis: a mark and a label per tick, "now" at the right edge.
    for (const Tick &t : timeTicks()) {
        const int tx = plot.left() + int(std::lround(plot.width() * t.at));
        p.setPen(palette().mid().color());
        p.drawLine(tx, plot.bottom(), tx, plot.bottom() + 3);
        const int w = fm.horizontalAdvance(t.text);
        const int left = std::clamp(tx - w / 2, 0, plot.right() - w);
        p.setPen(axisText);
        p.drawText(left, plot.bottom() + 4 + fm.ascent(), t.text);
    }

    // Each series drawn thinner than the one before, so that equal values (both nodes with the
    // same session count) show both colours rather than the last series alone.
    qreal width = 4.0;
    for (const Series &s : std::as_const(m_series)) {
        const qreal penWidth = width;
        width = std::max<qreal>(1.5, width - 2.0);
        if (s.values.size() < 2)
            continue;
        QPainterPath path;
        const double step = plot.width() / std::max(1.0, double(Capacity - 1));
        const double x0 = plot.right() - step * double(s.values.size() - 1);
        bool pen = false; // false: the next point starts a new piece (first point, after a gap)
        for (int i = 0; i < s.values.size(); ++i) {
            if (std::isnan(s.values[i])) {
                pen = false;
                continue;
            }
            const QPointF pt(x0 + step * i, plot.bottom() - plot.height() * (s.values[i] / top));
            if (pen) {
                path.lineTo(pt);
            } else {
                path.moveTo(pt);
                path.addEllipse(pt, 1.0, 1.0); // a lone sample between gaps stays visible
                path.moveTo(pt);
            }
            pen = true;
        }
        p.setPen(QPen(s.color, penWidth));
        p.drawPath(path);
    }
}

} // namespace Widgets
