// What the test page uses of the official SDK, exposed as a global for a plain <script> tag.
import { ClickstreamAnalytics, Attr, PageType, SendMode } from '@aws/clickstream-web';

window.ClickstreamWeb = { ClickstreamAnalytics, Attr, PageType, SendMode };
