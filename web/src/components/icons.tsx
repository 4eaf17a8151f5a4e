/**
 * The shell's icons (the menu, the header, the bell) drawn from antd's own icon shapes
 * (@ant-design/icons-svg) by a few lines here, not by @ant-design/icons, whose runtime (colours,
 * context, style injection) would come with every page's first load. They look the same as the
 * antd icons used on the pages (same shapes, 1em, currentColor). A shape not listed here: import
 * it from '@ant-design/icons-svg/es/asn/<Name>' and add a line.
 */
import type { AbstractNode, IconDefinition } from '@ant-design/icons-svg/es/types';
import { createElement, type CSSProperties, type ReactElement } from 'react';
import AimOutlinedSvg from '@ant-design/icons-svg/es/asn/AimOutlined';
import AlertOutlinedSvg from '@ant-design/icons-svg/es/asn/AlertOutlined';
import ApartmentOutlinedSvg from '@ant-design/icons-svg/es/asn/ApartmentOutlined';
import AuditOutlinedSvg from '@ant-design/icons-svg/es/asn/AuditOutlined';
import BarChartOutlinedSvg from '@ant-design/icons-svg/es/asn/BarChartOutlined';
import BellOutlinedSvg from '@ant-design/icons-svg/es/asn/BellOutlined';
import BulbOutlinedSvg from '@ant-design/icons-svg/es/asn/BulbOutlined';
import CalendarOutlinedSvg from '@ant-design/icons-svg/es/asn/CalendarOutlined';
import CloseOutlinedSvg from '@ant-design/icons-svg/es/asn/CloseOutlined';
import EditOutlinedSvg from '@ant-design/icons-svg/es/asn/EditOutlined';
import FieldTimeOutlinedSvg from '@ant-design/icons-svg/es/asn/FieldTimeOutlined';
import FileDoneOutlinedSvg from '@ant-design/icons-svg/es/asn/FileDoneOutlined';
import FileProtectOutlinedSvg from '@ant-design/icons-svg/es/asn/FileProtectOutlined';
import FileSearchOutlinedSvg from '@ant-design/icons-svg/es/asn/FileSearchOutlined';
import FileTextOutlinedSvg from '@ant-design/icons-svg/es/asn/FileTextOutlined';
import FileZipOutlinedSvg from '@ant-design/icons-svg/es/asn/FileZipOutlined';
import FlagOutlinedSvg from '@ant-design/icons-svg/es/asn/FlagOutlined';
import FormOutlinedSvg from '@ant-design/icons-svg/es/asn/FormOutlined';
import GlobalOutlinedSvg from '@ant-design/icons-svg/es/asn/GlobalOutlined';
import HomeOutlinedSvg from '@ant-design/icons-svg/es/asn/HomeOutlined';
import ImportOutlinedSvg from '@ant-design/icons-svg/es/asn/ImportOutlined';
import InfoCircleFilledSvg from '@ant-design/icons-svg/es/asn/InfoCircleFilled';
import KeyOutlinedSvg from '@ant-design/icons-svg/es/asn/KeyOutlined';
import LineChartOutlinedSvg from '@ant-design/icons-svg/es/asn/LineChartOutlined';
import LogoutOutlinedSvg from '@ant-design/icons-svg/es/asn/LogoutOutlined';
import MenuOutlinedSvg from '@ant-design/icons-svg/es/asn/MenuOutlined';
import MessageOutlinedSvg from '@ant-design/icons-svg/es/asn/MessageOutlined';
import NotificationOutlinedSvg from '@ant-design/icons-svg/es/asn/NotificationOutlined';
import PhoneOutlinedSvg from '@ant-design/icons-svg/es/asn/PhoneOutlined';
import ReadOutlinedSvg from '@ant-design/icons-svg/es/asn/ReadOutlined';
import RobotOutlinedSvg from '@ant-design/icons-svg/es/asn/RobotOutlined';
import SafetyOutlinedSvg from '@ant-design/icons-svg/es/asn/SafetyOutlined';
import ScheduleOutlinedSvg from '@ant-design/icons-svg/es/asn/ScheduleOutlined';
import SendOutlinedSvg from '@ant-design/icons-svg/es/asn/SendOutlined';
import SettingOutlinedSvg from '@ant-design/icons-svg/es/asn/SettingOutlined';
import SolutionOutlinedSvg from '@ant-design/icons-svg/es/asn/SolutionOutlined';
import SwapOutlinedSvg from '@ant-design/icons-svg/es/asn/SwapOutlined';
import TeamOutlinedSvg from '@ant-design/icons-svg/es/asn/TeamOutlined';
import ToolOutlinedSvg from '@ant-design/icons-svg/es/asn/ToolOutlined';
import UnorderedListOutlinedSvg from '@ant-design/icons-svg/es/asn/UnorderedListOutlined';
import UserOutlinedSvg from '@ant-design/icons-svg/es/asn/UserOutlined';
import UsergroupAddOutlinedSvg from '@ant-design/icons-svg/es/asn/UsergroupAddOutlined';
import WarningOutlinedSvg from '@ant-design/icons-svg/es/asn/WarningOutlined';
import WifiOutlinedSvg from '@ant-design/icons-svg/es/asn/WifiOutlined';

const node = (n: AbstractNode, key?: number): ReactElement =>
  createElement(n.tag, { key, ...n.attrs }, ...(n.children ?? []).map((c, i) => node(c, i)));

/** One icon as antd draws it: a span around an svg of 1em in the text's colour (decorative: the label beside it names it). */
function icon(def: IconDefinition) {
  const shape = def.icon as AbstractNode;
  return function Icon({ style }: { style?: CSSProperties }) {
    return (
      <span className="nd-icon" aria-hidden="true" style={style}>
        {createElement('svg', { ...shape.attrs, width: '1em', height: '1em', fill: 'currentColor', 'aria-hidden': true, 'data-icon': def.name },
          ...(shape.children ?? []).map((c, i) => node(c, i)))}
      </span>
    );
  };
}

export const AimOutlined = icon(AimOutlinedSvg);
export const AlertOutlined = icon(AlertOutlinedSvg);
export const ApartmentOutlined = icon(ApartmentOutlinedSvg);
export const AuditOutlined = icon(AuditOutlinedSvg);
export const BarChartOutlined = icon(BarChartOutlinedSvg);
export const BellOutlined = icon(BellOutlinedSvg);
export const BulbOutlined = icon(BulbOutlinedSvg);
export const CalendarOutlined = icon(CalendarOutlinedSvg);
export const CloseOutlined = icon(CloseOutlinedSvg);
export const EditOutlined = icon(EditOutlinedSvg);
export const FieldTimeOutlined = icon(FieldTimeOutlinedSvg);
export const FileDoneOutlined = icon(FileDoneOutlinedSvg);
export const FileProtectOutlined = icon(FileProtectOutlinedSvg);
export const FileSearchOutlined = icon(FileSearchOutlinedSvg);
export const FileTextOutlined = icon(FileTextOutlinedSvg);
export const FileZipOutlined = icon(FileZipOutlinedSvg);
export const FlagOutlined = icon(FlagOutlinedSvg);
export const FormOutlined = icon(FormOutlinedSvg);
export const GlobalOutlined = icon(GlobalOutlinedSvg);
export const HomeOutlined = icon(HomeOutlinedSvg);
export const ImportOutlined = icon(ImportOutlinedSvg);
export const InfoCircleFilled = icon(InfoCircleFilledSvg);
export const KeyOutlined = icon(KeyOutlinedSvg);
export const LineChartOutlined = icon(LineChartOutlinedSvg);
export const LogoutOutlined = icon(LogoutOutlinedSvg);
export const MenuOutlined = icon(MenuOutlinedSvg);
export const MessageOutlined = icon(MessageOutlinedSvg);
export const NotificationOutlined = icon(NotificationOutlinedSvg);
export const PhoneOutlined = icon(PhoneOutlinedSvg);
export const ReadOutlined = icon(ReadOutlinedSvg);
export const RobotOutlined = icon(RobotOutlinedSvg);
export const SafetyOutlined = icon(SafetyOutlinedSvg);
export const ScheduleOutlined = icon(ScheduleOutlinedSvg);
export const SendOutlined = icon(SendOutlinedSvg);
export const SettingOutlined = icon(SettingOutlinedSvg);
export const SolutionOutlined = icon(SolutionOutlinedSvg);
export const SwapOutlined = icon(SwapOutlinedSvg);
export const TeamOutlined = icon(TeamOutlinedSvg);
export const ToolOutlined = icon(ToolOutlinedSvg);
export const UnorderedListOutlined = icon(UnorderedListOutlinedSvg);
export const UserOutlined = icon(UserOutlinedSvg);
export const UsergroupAddOutlined = icon(UsergroupAddOutlinedSvg);
export const WarningOutlined = icon(WarningOutlinedSvg);
export const WifiOutlined = icon(WifiOutlinedSvg);
