import { Form, Input } from 'antd';
import { PASSWORD_RULE, passwordProblems } from '../../../common/password';

/**
 * A new password and its confirmation (field `confirm`), checked against the password rule as
 * the server checks it. `label` is the field's name in the labels and messages: 密码, 新密码.
 */
export function NewPasswordFields({ name, label }: { name: string; label: string }) {
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={PASSWORD_RULE}
        rules={[{ required: true, message: `请填写${label}` }, { validator: (_, v) => (v && passwordProblems(v) ? Promise.reject(new Error(passwordProblems(v)!)) : Promise.resolve()) }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={`再次输入${label}`}
        dependencies={[name]}
        rules={[{ required: true, message: `请再次输入${label}` }, ({ getFieldValue }) => ({ validator: (_, v) => (v === getFieldValue(name) ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))) })]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </>
  );
}
